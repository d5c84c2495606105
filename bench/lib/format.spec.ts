import { markdownTable, ratio, textTable } from './format';

describe('format', () => {
  it('prints ratios with two decimals and a dash when the anchor is missing', () => {
    expect(ratio(50, 100)).toBe('0.50×');
    expect(ratio(50, 0)).toBe('-');
  });

  it('aligns text tables and escapes pipes in markdown', () => {
    expect(textTable(['a', 'bb'], [['x', '1']]).split('\n')[2]).toBe('x   1');
    expect(markdownTable(['a|b'], [['c']])).toContain('a\\|b');
  });
});
