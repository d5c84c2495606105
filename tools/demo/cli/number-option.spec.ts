import { brokersOption, numberOption } from './number-option';

describe('numberOption', () => {
  it('falls back when absent and takes any finite number at or above the minimum', () => {
    expect(numberOption('rate', undefined, 6)).toBe(6);
    expect(numberOption('rate', '0.5', 6, { min: 0 })).toBe(0.5);
    expect(() => numberOption('rate', '-1', 6, { min: 0 })).toThrow(
      '--rate must be a number >= 0 (got "-1")',
    );
    expect(() => numberOption('rate', 'ten', 6)).toThrow('--rate must be a number >= 1');
  });

  it('takes only whole numbers when asked', () => {
    expect(numberOption('charges', '300', 10, { whole: true })).toBe(300);
    expect(() => numberOption('charges', '1.5', 10, { whole: true })).toThrow(
      '--charges must be a whole number >= 1 (got "1.5")',
    );
  });
});

describe('brokersOption', () => {
  it('is 1 or 3', () => {
    expect(brokersOption(undefined, 3)).toBe(3);
    expect(brokersOption('1', 3)).toBe(1);
    expect(() => brokersOption('2', 3)).toThrow('--brokers must be 1 or 3');
  });
});
