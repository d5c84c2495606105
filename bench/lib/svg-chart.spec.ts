import { barChart, lineChart } from './svg-chart';

describe('svg charts', () => {
  const input = {
    title: 'a <title>',
    categories: ['x', 'y'],
    series: [
      { name: 'one', values: [10, 20] },
      { name: 'two', values: [5, Number.NaN] },
    ],
    yLabel: 'records/s',
  };

  it('draws one bar per finite value and escapes text', () => {
    const svg = barChart(input);
    expect(svg.match(/<rect x=/g)).toHaveLength(3 + 2); // 3 bars + 2 legend swatches
    expect(svg).toContain('a &lt;title&gt;');
  });

  it('draws one polyline per series and the marker', () => {
    const svg = lineChart({ ...input, marker: { index: 1, label: 'P = 2' } });
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('P = 2');
  });

  it('puts a log axis on powers of ten, skips values it cannot draw, and draws thresholds', () => {
    const svg = lineChart({
      ...input,
      series: [
        { name: 'fast', values: [4, 0] },
        { name: 'slow', values: [30, 12_000], dashed: true, color: '#123456' },
      ],
      yScale: 'log',
      thresholds: [{ value: 2_000, label: 'deadline 2000 ms' }],
      xLabel: 'gateway latency',
    });
    for (const tick of ['>1<', '>10<', '>100<', '>1k<', '>10k<', '>100k<'])
      expect(svg).toContain(tick);
    // 0 has no place on a log axis: one point for "fast", two for "slow".
    expect(svg.match(/<circle/g)).toHaveLength(3);
    expect(svg).toContain('stroke="#123456" stroke-width="2" stroke-dasharray="6 3"');
    expect(svg).toContain('deadline 2000 ms');
    expect(svg).toContain('gateway latency');
  });

  it('wraps a long legend and makes room for a subtitle', () => {
    const many = Array.from({ length: 5 }, (_, i) => ({ name: `s${i}`, values: [i + 1, i + 2] }));
    const plain = lineChart({ ...input, series: many });
    const withSubtitle = lineChart({ ...input, series: many, subtitle: 'conditions' });
    const height = (svg: string) => Number(/height="(\d+)"/.exec(svg)?.[1]);
    expect(height(plain)).toBe(height(lineChart(input)) + 18);
    expect(height(withSubtitle)).toBe(height(plain) + 18);
    expect(withSubtitle).toContain('<g transform="translate(0 18)">');
    expect(withSubtitle.trimEnd().endsWith('</g>\n</svg>')).toBe(true);
  });
});
