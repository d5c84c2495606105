import { parsePrometheusText, sumOf } from './prometheus-text';

const TEXT = `# HELP pos_payments_total Till payments by outcome
# TYPE pos_payments_total counter
pos_payments_total{service="pos-api",outcome="approved"} 12
pos_payments_total{service="pos-api",outcome="declined"} 3
http_server_request_duration_seconds_bucket{le="+Inf",method="POST",route="/pos/payments",status="201"} 12
weird_label{msg="a \\"quoted\\" word"} 1
not a metric line
pos_gateway_breaker_state{service="pos-api"} 2
`;

describe('parsePrometheusText', () => {
  const samples = parsePrometheusText(TEXT);

  it('reads names, labels and values, skipping comments and noise', () => {
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual({
      name: 'pos_payments_total',
      labels: { service: 'pos-api', outcome: 'approved' },
      value: 12,
    });
    expect(samples[2].labels.le).toBe('+Inf');
    expect(samples[3].labels.msg).toBe('a "quoted" word');
  });

  it('sums a metric over the samples that match some labels', () => {
    expect(sumOf(samples, 'pos_payments_total')).toBe(15);
    expect(sumOf(samples, 'pos_payments_total', { outcome: 'declined' })).toBe(3);
    expect(sumOf(samples, 'pos_gateway_breaker_state')).toBe(2);
    expect(sumOf(samples, 'missing')).toBe(0);
  });
});
