import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { Client } from 'pg';

export interface MachineInfo {
  hostname: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  /** 1/5/15-minute load averages at the start and end: numbers taken under load are not representative. */
  loadAverageStart: number[];
  loadAverageEnd?: number[];
  node: string;
  java: string;
  kafka: string;
  postgres: string;
  redis: string;
  os: string;
}

/** `java -version` writes to stderr. */
function javaFirstLine(): string {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return (result.stderr || result.stdout || 'unknown').split('\n')[0].trim();
}

export async function machineInfo(
  postgresUrl: string | undefined,
  kafka: string,
  redis: string,
): Promise<MachineInfo> {
  let postgres = 'not used';
  if (postgresUrl) {
    const client = new Client({ connectionString: postgresUrl });
    await client.connect();
    try {
      postgres = (
        await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")
      ).rows[0].v;
    } finally {
      await client.end();
    }
  }
  return {
    hostname: os.hostname(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverageStart: os.loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
    java: javaFirstLine(),
    kafka,
    postgres,
    redis,
    os: `${os.type()} ${os.release()}`,
  };
}
