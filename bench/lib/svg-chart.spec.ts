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
});
