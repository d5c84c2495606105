import { markdownTable, num } from './format';
import type { BenchReport } from './report-writer';
import { targetMeasures, type TargetMeasure } from './target-measures';

/** Median of the values (the mean of the middle two for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function show(value: number | undefined, unit: TargetMeasure['unit']): string {
  if (value === undefined) return '-';
  if (unit === '×') return `${value.toFixed(2)}×`;
  if (unit === 'ms') return `${num(value)} ms`;
  if (unit === 'MB') return `${num(value)} MB`;
  return num(value);
}

/**
 * Issue 17's table over several full runs: each run's value, the median, the spread (lowest to
 * highest) and whether the median meets the target. A measure missing from a run (scenario
 * failed or not run) is left out of its median, and the row says how many runs it rests on.
 */
export function medianTable(reports: readonly BenchReport[]): string {
  const perRun = reports.map(targetMeasures);
  const labels = [...new Set(perRun.flatMap((measures) => measures.map((m) => m.label)))];
  const rows = labels.map((label) => {
    const cells = perRun.map((measures) => measures.find((m) => m.label === label));
    const spec = cells.find((c) => c !== undefined) as TargetMeasure;
    const values = cells.flatMap((c) => (c?.value === undefined ? [] : [c.value]));
    const mid = median(values);
    const spread =
      values.length > 1
        ? `${show(Math.min(...values), spec.unit)} – ${show(Math.max(...values), spec.unit)}`
        : '-';
    const met = mid === undefined ? '-' : spec.meets(mid) ? 'yes' : 'no';
    return [
      label,
      ...cells.map((c) => show(c?.value, spec.unit)),
      values.length === reports.length
        ? show(mid, spec.unit)
        : `${show(mid, spec.unit)} (${values.length} runs)`,
      spread,
      spec.target,
      met,
    ];
  });
  const runs = reports.map((r) => r.startedAt.slice(0, 16).replace('T', ' '));
  return markdownTable(['measure', ...runs, 'median', 'spread', 'target', 'met?'], rows);
}

/** One line per run: when, where, and how loaded the machine was (a run started above 1 per core is busy). */
export function runLines(reports: readonly BenchReport[]): string[] {
  return reports.map((r) => {
    const m = r.machine;
    const busy = m.loadAverageStart[0] > m.cpus ? ' — **busy**' : '';
    return `- ${r.startedAt}: ${r.profile}, ${m.cpus} × ${m.cpuModel}, load ${m.loadAverageStart[0]} at start, ${m.loadAverageEnd?.[0] ?? '?'} at end${busy}; ${r.failures.length} failed scenario(s)`;
  });
}
