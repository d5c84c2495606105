import { parseStartOptions } from './start-options';

describe('npm start options', () => {
  it('defaults to one broker, one worker, no traffic, nothing kept', () => {
    expect(parseStartOptions([])).toEqual({
      brokers: 1,
      workers: 1,
      partitions: 4,
      traffic: false,
      tillRate: 2,
      tollRate: 5,
      keepData: undefined,
    });
  });

  it('reads every option', () => {
    const options = parseStartOptions([
      '--brokers',
      '3',
      '--workers',
      '2',
      '--partitions',
      '6',
      '--traffic',
      '--till-rate',
      '4',
      '--toll-rate',
      '0',
      '--keep-data',
      '/tmp/x',
    ]);
    expect(options).toEqual({
      brokers: 3,
      workers: 2,
      partitions: 6,
      traffic: true,
      tillRate: 4,
      tollRate: 0,
      keepData: '/tmp/x',
    });
  });

  it('refuses what it cannot do, naming the option', () => {
    expect(() => parseStartOptions(['--brokers', '2'])).toThrow(/--brokers must be 1 or 3/);
    expect(() => parseStartOptions(['--workers', '0'])).toThrow(/--workers must be an integer ≥ 1/);
    expect(() => parseStartOptions(['--till-rate', 'fast'])).toThrow(/--till-rate/);
    expect(() => parseStartOptions(['--bogus'])).toThrow(/bogus/);
  });

  it('answers --help', () => {
    expect(parseStartOptions(['-h'])).toBe('help');
  });
});
