import { median, medianTable } from './median-of-runs';
import type { BenchReport } from './report-writer';
import type { ScenarioResult } from './report-types';
import { appName, peakMemoryByApp, targetMeasures } from './target-measures';

const result = (
  name: string,
  data: Record<string, unknown>,
  memory: ScenarioResult['memory'] = [],
) => ({ name, data, memory }) as unknown as ScenarioResult;

/** A full run with the scenarios the targets read, built from a few headline numbers. */
function run(startedAt: string, intake: number, capacity: number, gatewayMb: number): BenchReport {
  return {
    startedAt,
    profile: 'full',
    machine: {
      cpus: 2,
      cpuModel: 'test',
      loadAverageStart: [0.5, 0, 0],
      loadAverageEnd: [1, 0, 0],
    },
    failures: [],
    results: [
      result('toll-intake', {
        paystream: { run: { okPerSec: intake } },
        baseline: { run: { okPerSec: 1000 } },
      }),
      result('producer-acks', {
        measurements: [
          {
            brokers: 1,
            variant: 'leader',
            project: { recordsPerSec: 1 },
            kafkaTool: { recordsPerSec: 1 },
          },
          {
            brokers: 1,
            variant: 'all',
            project: { recordsPerSec: 300 },
            kafkaTool: { recordsPerSec: 1000 },
          },
        ],
      }),
      result('end-to-end', { probe: { capacity }, latency: { p99: 120 } }, [
        { name: 'payment-gateway', kind: 'app', peakRssMb: gatewayMb, processes: 1 },
        { name: 'charge-worker #2', kind: 'app', peakRssMb: 130, processes: 1 },
        { name: 'kafka broker JVMs (1)', kind: 'infra', peakRssMb: 900, processes: 1 },
      ]),
      result(
        'till',
        {
          loads: { gateway: { p50: 28, p99: 44 }, sync: { p50: 35, p99: 60 } },
        },
        [
          {
            name: 'charge-worker #1 (per-key concurrency on)',
            kind: 'app',
            peakRssMb: 140,
            processes: 1,
          },
        ],
      ),
    ],
  } as unknown as BenchReport;
}

describe('the median of full bench runs against the targets', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });

  it('reads each target off one run, leaving out what the run lacks', () => {
    const measures = targetMeasures(run('2026-01-01T00:00:00Z', 650, 70, 180));
    const value = (label: string) => measures.find((m) => m.label === label)?.value;
    expect(value('toll intake vs bare node:http + pg')).toBeCloseTo(0.65);
    expect(value('producer acks=all vs ProducerPerformance, 1 broker')).toBeCloseTo(0.3);
    expect(value('producer acks=all vs ProducerPerformance, 3 brokers')).toBeUndefined();
    expect(value('relay drain of 100k vs the producer alone')).toBeUndefined();
    expect(value('whole pipeline capacity, settled/s')).toBe(70);
    expect(value('till added over the gateway alone, p50')).toBe(7);
    expect(value('till added over the gateway alone, p99')).toBe(16);
    expect(measures.find((m) => m.label.startsWith('toll intake'))?.meets(0.65)).toBe(true);
  });

  it('takes each app at its highest instance, over every scenario, infrastructure aside', () => {
    expect(appName('charge-worker #3 (per-key concurrency on)')).toBe('charge-worker');
    const peaks = peakMemoryByApp(run('2026-01-01T00:00:00Z', 1, 1, 180).results);
    expect([...peaks]).toEqual([
      ['payment-gateway', 180],
      ['charge-worker', 140],
    ]);
  });

  it('prints each run, the median, the spread and whether the median meets the target', () => {
    const table = medianTable([
      run('2026-01-01T10:00:00Z', 500, 60, 210),
      run('2026-01-01T11:00:00Z', 700, 80, 190),
      run('2026-01-01T12:00:00Z', 650, 70, 195),
    ]);
    const row = (label: string) => table.split('\n').find((l) => l.startsWith(`| ${label} `));
    expect(row('toll intake vs bare node:http + pg')).toBe(
      '| toll intake vs bare node:http + pg | 0.50× | 0.70× | 0.65× | 0.65× | 0.50× – 0.70× | ≥ 0.6× | yes |',
    );
    expect(row('whole pipeline capacity, settled/s')).toContain('| 70 | 60 – 80 | ≥ 150 | no |');
    expect(row('peak RSS, payment-gateway')).toContain(
      '| 195 MB | 190 MB – 210 MB | ≤ 200 MB | yes |',
    );
    expect(row('relay drain of 100k vs the producer alone')).toBe(
      '| relay drain of 100k vs the producer alone | - | - | - | - (0 runs) | - | ≥ 0.8× | - |',
    );
  });
});
