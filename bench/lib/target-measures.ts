import type { BenchReport } from './report-writer';
import type { ScenarioResult } from './report-types';

/** One of issue 17's target measures, read off one full run. */
export interface TargetMeasure {
  label: string;
  /** undefined: the run has no such scenario, or it failed. */
  value: number | undefined;
  /** How to print the value (ratio as 0.61×, a count, milliseconds, MB). */
  unit: '×' | '/s' | 'ms' | 'MB';
  target: string;
  /** Whether a value meets the target. */
  meets: (value: number) => boolean;
}

type Data = Record<string, unknown>;

const scenario = (report: BenchReport, name: string): Data | undefined =>
  report.results.find((r) => r.name === name)?.data as Data | undefined;

/** The value at a dotted path of a scenario's data, if it is a finite number. */
function at(data: Data | undefined, path: string): number | undefined {
  let node: unknown = data;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Data)[key];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : undefined;
}

const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined || b === 0 ? undefined : a / b;
const minus = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : a - b;

function producerRatio(report: BenchReport, brokers: number): number | undefined {
  const measurements = (scenario(report, 'producer-acks')?.measurements ?? []) as Data[];
  const all = measurements.find((m) => m.brokers === brokers && m.variant === 'all');
  return ratio(at(all, 'project.recordsPerSec'), at(all, 'kafkaTool.recordsPerSec'));
}

/**
 * An app's name without what tells its instances apart ("charge-worker #3 (per-key
 * concurrency on)" is charge-worker): the budget is per app, whichever instance peaked.
 */
export function appName(processName: string): string {
  return processName.replace(/\s*\(.*\)$/, '').replace(/\s*#\d+$/, '');
}

/** Each app's highest resident memory over every scenario of the run. */
export function peakMemoryByApp(results: readonly ScenarioResult[]): Map<string, number> {
  const peaks = new Map<string, number>();
  for (const result of results)
    for (const m of result.memory) {
      if (m.kind !== 'app') continue;
      const app = appName(m.name);
      peaks.set(app, Math.max(peaks.get(app) ?? 0, m.peakRssMb));
    }
  return peaks;
}

/** Issue 17's table, in its order, for one run. */
export function targetMeasures(report: BenchReport): TargetMeasure[] {
  const intake = scenario(report, 'toll-intake');
  const relay = scenario(report, 'outbox-relay');
  const sink = scenario(report, 'sink');
  const till = scenario(report, 'till');
  const e2e = scenario(report, 'end-to-end');
  const memory = peakMemoryByApp(report.results);
  return [
    {
      label: 'toll intake vs bare node:http + pg',
      value: ratio(at(intake, 'paystream.run.okPerSec'), at(intake, 'baseline.run.okPerSec')),
      unit: '×',
      target: '≥ 0.6×',
      meets: (v) => v >= 0.6,
    },
    ...[1, 3].map((brokers): TargetMeasure => ({
      label: `producer acks=all vs ProducerPerformance, ${brokers} broker${brokers > 1 ? 's' : ''}`,
      value: producerRatio(report, brokers),
      unit: '×',
      target: '≥ 0.6×',
      meets: (v) => v >= 0.6,
    })),
    {
      label: 'relay drain of 100k vs the producer alone',
      value: ratio(at(relay, 'drainRate'), at(relay, 'producerAlone')),
      unit: '×',
      target: '≥ 0.8×',
      meets: (v) => v >= 0.8,
    },
    {
      label: 'whole pipeline capacity, settled/s',
      value: at(e2e, 'probe.capacity'),
      unit: '/s',
      target: '≥ 150',
      meets: (v) => v >= 150,
    },
    {
      label: 'exit → SETTLED p99 at half capacity',
      value: at(e2e, 'latency.p99'),
      unit: 'ms',
      target: '≤ 100 ms',
      meets: (v) => v <= 100,
    },
    ...[...memory].map(([app, mb]): TargetMeasure => ({
      label: `peak RSS, ${app}`,
      value: mb,
      unit: 'MB',
      target: '≤ 200 MB',
      meets: (v) => v <= 200,
    })),
    {
      label: 'sink vs bare multi-row upsert',
      value: ratio(at(sink, 'sinkRate'), at(sink, 'bareRate')),
      unit: '×',
      target: '≥ 0.9×',
      meets: (v) => v >= 0.9,
    },
    {
      label: 'till added over the gateway alone, p50',
      value: minus(at(till, 'loads.sync.p50'), at(till, 'loads.gateway.p50')),
      unit: 'ms',
      target: '≤ 8 ms',
      meets: (v) => v <= 8,
    },
    {
      label: 'till added over the gateway alone, p99',
      value: minus(at(till, 'loads.sync.p99'), at(till, 'loads.gateway.p99')),
      unit: 'ms',
      target: '≤ 20 ms',
      meets: (v) => v <= 20,
    },
  ];
}
