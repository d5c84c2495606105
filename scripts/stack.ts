/**
 * npm run stack [-- --brokers 3] [--keep-data <dir>]
 *
 * Runs real Kafka (KRaft), Postgres and Redis in the foreground for the demo
 * and for developers without Docker, prints where they are and the env lines
 * to export, and stops everything on Ctrl-C / SIGTERM. If this process is
 * killed hard, the supervised children die with it (see dev/infra).
 */
import {
  redactUrl,
  startKafka,
  startPostgres,
  startRedis,
  whenOrphaned,
  type KafkaCluster,
  type PostgresServer,
  type RedisServer,
} from '@paystream/dev-infra';

const HELP = `Usage: npm run stack -- [options]

Starts Apache Kafka (KRaft), Postgres and Redis for Paystream and keeps them
running until Ctrl-C.

Options:
  --brokers <1|3>      Kafka brokers (default 1; 3 = replication factor 3, min ISR 2)
  --keep-data <dir>    keep Kafka's data in <dir> across runs (same cluster, same ports if free)
  -h, --help           show this help

Environment:
  DATABASE_URL         use this Postgres when reachable (else an embedded one is started)
  REDIS_URL            use this Redis when reachable (else redis-server from PATH)
  PAYSTREAM_KAFKA_VERSION, PAYSTREAM_CACHE_DIR   Kafka version / jar cache (~/.cache/paystream)
`;

interface Args {
  brokers: 1 | 3;
  keepData?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { brokers: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = arg.includes('=') ? arg.split('=').slice(1).join('=') : argv[++i];
      if (!v) fail(`${arg} needs a value`);
      return v;
    };
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(HELP);
      process.exit(0);
    } else if (arg.startsWith('--brokers')) {
      const n = Number(value());
      if (n !== 1 && n !== 3) fail('--brokers must be 1 or 3');
      args.brokers = n as 1 | 3;
    } else if (arg.startsWith('--keep-data')) {
      args.keepData = value();
    } else {
      fail(`unknown option ${arg}`);
    }
  }
  return args;
}

function fail(message: string): never {
  process.stderr.write(`stack: ${message}\n\n${HELP}`);
  process.exit(2);
}

const t0 = Date.now();
const log = (line: string) =>
  process.stdout.write(`[stack ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

let kafka: KafkaCluster | undefined;
let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;
let stopping = false;

async function stopAll(exitCode: number): Promise<never> {
  if (stopping) process.exit(exitCode);
  stopping = true;
  log('Stopping ...');
  await Promise.allSettled([kafka?.stop(), postgres?.stop(), redis?.stop()]);
  log('Stopped.');
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // A second Ctrl-C exits at once; the process watchdogs still kill the children.
    if (stopping) process.exit(130);
    void stopAll(0);
  });
}

// `npm run stack` does not pass SIGTERM on: a parent that went away means stop.
whenOrphaned(() => void stopAll(0));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // Independent services: start them side by side (Kafka dominates the time).
  const [k, p, r] = await Promise.allSettled([
    startKafka({
      brokers: args.brokers,
      dataDir: args.keepData,
      keepData: args.keepData !== undefined,
      onProgress: (l) => log(`kafka: ${l}`),
    }),
    startPostgres({ onProgress: (l) => log(`postgres: ${l}`) }),
    startRedis({ onProgress: (l) => log(`redis: ${l}`) }),
  ]);
  if (k.status === 'fulfilled') kafka = k.value;
  if (p.status === 'fulfilled') postgres = p.value;
  if (r.status === 'fulfilled') redis = r.value;
  const failures = [k, p, r].filter((x): x is PromiseRejectedResult => x.status === 'rejected');
  if (failures.length > 0) {
    for (const f of failures)
      process.stderr.write(`\n${(f.reason as Error).message ?? String(f.reason)}\n`);
    await stopAll(1);
  }
  if (!kafka || !postgres || !redis) return;

  const rows: [string, string, string][] = [
    ...kafka.nodes.map(
      (n) =>
        [
          `kafka broker ${n.id}`,
          `127.0.0.1:${n.port}`,
          `pid ${n.pid}, controller :${n.controllerPort}`,
        ] as [string, string, string],
    ),
    [
      'postgres',
      redactUrl(postgres.url),
      postgres.embedded ? `embedded, pid ${postgres.pid}` : 'existing server',
    ],
    ['redis', redis.url, redis.spawned ? `redis-server, pid ${redis.pid}` : 'existing server'],
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length), 7));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  process.stdout.write(
    `\nPaystream stack is up (Kafka ${kafka.version}, ${kafka.nodes.length} broker(s); data in ${kafka.dataDir}${
      args.keepData ? ', kept' : ', removed on exit'
    })\n\n${line(['service', 'address', 'details'])}\n${line(widths.map((w) => '-'.repeat(w)))}\n${rows
      .map(line)
      .join('\n')}\n\nexport these in another shell:\n\n` +
      `export KAFKA_BROKERS=${kafka.bootstrapServers.join(',')}\n` +
      `export DATABASE_URL=${postgres.url}\n` +
      `export REDIS_URL=${redis.url}\n\nCtrl-C stops everything.\n`,
  );
  // Keep the event loop alive until a signal arrives (children are unref'd).
  setInterval(() => undefined, 1 << 30);
}

main().catch(async (error: unknown) => {
  process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
  await stopAll(1);
});
