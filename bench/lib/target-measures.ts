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

const UNIT_TEXT: Record<TargetMeasure['unit'], (v: number) => string> = {
  '×': (v) => `${v}×`,
  '/s': (v) => String(v),
  ms: (v) => `${v} ms`,
  MB: (v) => `${v} MB`,
};

/** A measure with its target: reach the limit (≥, throughput and ratios) or stay within it (≤). */
function bounded(
  bound: '≥' | '≤',
  label: string,
  value: number | undefined,
  unit: TargetMeasure['unit'],
  limit: number,
): TargetMeasure {
  return {
    label,
    value,
    unit,
    target: `${bound} ${UNIT_TEXT[unit](limit)}`,
    meets: (v) => (bound === '≥' ? v >= limit : v <= limit),
  };
}
const atLeast = bounded.bind(null, '≥');
const atMost = bounded.bind(null, '≤');

/** Issue 17's table, in its order, for one run. */
export function targetMeasures(report: BenchReport): TargetMeasure[] {
  const intake = scenario(report, 'toll-intake');
  const relay = scenario(report, 'outbox-relay');
  const sink = scenario(report, 'sink');
  const till = scenario(report, 'till');
  const e2e = scenario(report, 'end-to-end');
  const memory = peakMemoryByApp(report.results);
  return [
    atLeast(
      'toll intake vs bare node:http + pg',
      ratio(at(intake, 'paystream.run.okPerSec'), at(intake, 'baseline.run.okPerSec')),
      '×',
      0.6,
    ),
    ...[1, 3].map((brokers) =>
      atLeast(
        `producer acks=all vs ProducerPerformance, ${brokers} broker${brokers > 1 ? 's' : ''}`,
        producerRatio(report, brokers),
        '×',
        0.6,
      ),
    ),
    atLeast(
      'relay drain of 100k vs the producer alone',
      ratio(at(relay, 'drainRate'), at(relay, 'producerAlone')),
      '×',
      0.8,
    ),
    atLeast('whole pipeline capacity, settled/s', at(e2e, 'probe.capacity'), '/s', 150),
    atMost('exit → SETTLED p99 at half capacity', at(e2e, 'latency.p99'), 'ms', 100),
    ...[...memory].map(([app, mb]) => atMost(`peak RSS, ${app}`, mb, 'MB', 200)),
    atLeast(
      'sink vs bare multi-row upsert',
      ratio(at(sink, 'sinkRate'), at(sink, 'bareRate')),
      '×',
      0.9,
    ),
    atMost(
      'till added over the gateway alone, p50',
      minus(at(till, 'loads.sync.p50'), at(till, 'loads.gateway.p50')),
      'ms',
      8,
    ),
    atMost(
      'till added over the gateway alone, p99',
      minus(at(till, 'loads.sync.p99'), at(till, 'loads.gateway.p99')),
      'ms',
      20,
    ),
  ];
}
