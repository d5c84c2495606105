import { LatencyRecorder } from './latency-recorder';

describe('LatencyRecorder', () => {
  it('answers nearest-rank percentiles', () => {
    const r = new LatencyRecorder();
    for (let i = 100; i >= 1; i--) r.record(i);
    expect(r.summary()).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('answers null when empty', () => {
    expect(new LatencyRecorder().summary().p99).toBeNull();
  });
});
