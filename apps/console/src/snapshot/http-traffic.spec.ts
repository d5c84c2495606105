import { histogramQuantile, routeTraffic } from './http-traffic';
import { parsePrometheusText } from './prometheus-text';

function scrape(status201: number[], status503: number[]): string {
  // cumulative buckets le=0.01,0.1,1,+Inf for two statuses of POST /pos/payments
  const les = ['0.01', '0.1', '1', '+Inf'];
  const lines: string[] = [];
  for (const [status, counts] of [
    ['201', status201],
    ['503', status503],
  ] as const) {
    counts.forEach((c, i) =>
      lines.push(
        `http_server_request_duration_seconds_bucket{le="${les[i]}",method="POST",route="/pos/payments",status="${status}"} ${c}`,
      ),
    );
    lines.push(
      `http_server_request_duration_seconds_count{method="POST",route="/pos/payments",status="${status}"} ${counts[3]}`,
    );
  }
  lines.push(
    'http_server_request_duration_seconds_count{method="GET",route="/health/ready",status="200"} 999',
  );
  return lines.join('\n');
}

describe('routeTraffic', () => {
  it('gives answers per second by status and latency quantiles for the window only', () => {
    const before = parsePrometheusText(scrape([0, 10, 10, 10], [0, 0, 0, 0]));
    // In 2 s: 20 more 201s (10 under 10 ms, 10 between 10 and 100 ms), 4 × 503 between 0.1 and 1 s.
    const after = parsePrometheusText(scrape([10, 30, 30, 30], [0, 0, 4, 4]));
    const t = routeTraffic(before, after, 2, 'POST', '/pos/payments');
    expect(t.perSecondByStatus).toEqual({ '201': 10, '503': 2 });
    // 24 answers: rank 12 falls in the 0.01–0.1 bucket (10 below it, 10 in it) → 0.01 + 0.09 × 2/10 s.
    expect(t.p50Ms).toBeCloseTo(28, 5);
    expect(t.p99Ms).toBeGreaterThan(100);
    expect(t.p99Ms).toBeLessThanOrEqual(1000);
  });

  it('shows an empty window, not negative rates, when the app restarted between scrapes', () => {
    const before = parsePrometheusText(scrape([5, 50, 50, 50], [0, 0, 0, 0]));
    const after = parsePrometheusText(scrape([1, 2, 2, 2], [0, 0, 0, 0]));
    expect(routeTraffic(before, after, 1, 'POST', '/pos/payments')).toEqual({
      perSecondByStatus: {},
      p50Ms: null,
      p99Ms: null,
    });
  });
});

describe('histogramQuantile', () => {
  it('is null without observations and the last finite bound for the +Inf bucket', () => {
    expect(
      histogramQuantile(
        0.5,
        new Map([
          [1, 0],
          [Infinity, 0],
        ]),
      ),
    ).toBeNull();
    expect(
      histogramQuantile(
        0.99,
        new Map([
          [1, 1],
          [Infinity, 100],
        ]),
      ),
    ).toBe(1);
  });
});
