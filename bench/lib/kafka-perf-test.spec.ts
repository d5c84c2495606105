import { parsePerfTestSummary } from './kafka-perf-test';

describe('parsePerfTestSummary', () => {
  it('reads the final summary line, not the periodic ones', () => {
    const output = [
      '52345 records sent, 10469.0 records/sec (3.21 MB/sec), 900.1 ms avg latency, 1200.0 ms max latency.',
      '100000 records sent, 20014.009607 records/sec (6.14 MB/sec), 1011.92 ms avg latency, 1532.00 ms max latency, 998 ms 50th, 1400 ms 95th, 1500 ms 99th, 1530 ms 99.9th.',
    ].join('\n');
    expect(parsePerfTestSummary(output)).toEqual({
      records: 100000,
      recordsPerSec: 20014.009607,
      avgMs: 1011.92,
      maxMs: 1532,
      p50: 998,
      p95: 1400,
      p99: 1500,
    });
  });

  it('returns undefined when the tool printed no summary', () => {
    expect(parsePerfTestSummary('Exception in thread main')).toBeUndefined();
  });
});
