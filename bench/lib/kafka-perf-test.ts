import { spawn } from 'node:child_process';
import { ensureKafkaDistribution, requireJava } from '@paystream/dev-infra';

/** The summary line of Kafka's own ProducerPerformance (kafka-producer-perf-test). */
export interface PerfTestSummary {
  records: number;
  recordsPerSec: number;
  avgMs: number;
  maxMs: number;
  p50: number;
  p95: number;
  p99: number;
}

const SUMMARY =
  /(\d+) records sent, ([\d.]+) records\/sec \([\d.]+ MB\/sec\), ([\d.]+) ms avg latency, ([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th/;

export function parsePerfTestSummary(output: string): PerfTestSummary | undefined {
  const lines = output.split('\n').filter((l) => SUMMARY.test(l));
  const match = lines.length > 0 ? SUMMARY.exec(lines[lines.length - 1]) : null;
  if (!match) return undefined;
  const n = match.slice(1).map(Number);
  return {
    records: n[0],
    recordsPerSec: n[1],
    avgMs: n[2],
    maxMs: n[3],
    p50: n[4],
    p95: n[5],
    p99: n[6],
  };
}

export interface PerfTestRun {
  topic: string;
  records: number;
  payloadFile: string;
  bootstrapServers: string;
  producerProps: Record<string, string>;
  /** Called with the JVM pid so its memory can be sampled. */
  onPid?: (pid: number) => void;
  timeoutMs: number;
}

/** Runs `org.apache.kafka.tools.ProducerPerformance` from the jars dev/infra already fetched. */
export async function runProducerPerfTest(run: PerfTestRun): Promise<PerfTestSummary> {
  const dist = await ensureKafkaDistribution();
  const props = { 'bootstrap.servers': run.bootstrapServers, ...run.producerProps };
  const args = [
    '-Xmx512m',
    '-cp',
    dist.classpath,
    'org.apache.kafka.tools.ProducerPerformance',
    '--topic',
    run.topic,
    '--num-records',
    String(run.records),
    '--throughput',
    '-1',
    '--payload-file',
    run.payloadFile,
    '--producer-props',
    ...Object.entries(props).map(([k, v]) => `${k}=${v}`),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(requireJava(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid) run.onPid?.(child.pid);
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), run.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const summary = parsePerfTestSummary(output);
      if (code === 0 && summary) resolve(summary);
      else
        reject(
          new Error(
            `kafka-producer-perf-test failed (code ${code}, signal ${signal}):\n${output.slice(-3_000)}`,
          ),
        );
    });
  });
}
