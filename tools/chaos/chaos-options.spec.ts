import { parseChaosOptions } from './chaos-options';

const KNOWN = ['gateway-outage', 'relay-kill'];

describe('parseChaosOptions', () => {
  it('defaults to the full run: 3 brokers, 10,000 charges per scenario, every scenario', () => {
    const o = parseChaosOptions([], KNOWN);
    expect(o).toMatchObject({
      quick: false,
      brokers: 3,
      only: [],
      charges: 10_000,
      faultSeconds: 120,
    });
  });

  it('--quick shrinks sizes but keeps 3 brokers unless told', () => {
    const o = parseChaosOptions(['--quick'], KNOWN);
    expect(o).toMatchObject({ quick: true, brokers: 3, charges: 300, faultSeconds: 6 });
    expect(parseChaosOptions(['--quick', '--brokers', '1'], KNOWN)).toMatchObject({ brokers: 1 });
  });

  it('--only takes a comma list and refuses names it does not know', () => {
    expect(parseChaosOptions(['--only', 'relay-kill, gateway-outage'], KNOWN)).toMatchObject({
      only: ['relay-kill', 'gateway-outage'],
    });
    expect(() => parseChaosOptions(['--only', 'relay-kil'], KNOWN)).toThrow(
      /unknown scenario\(s\) relay-kil/,
    );
  });

  it('refuses broker counts other than 1 and 3 and non-numbers', () => {
    expect(() => parseChaosOptions(['--brokers', '2'], KNOWN)).toThrow(/1 or 3/);
    expect(() => parseChaosOptions(['--charges', 'lots'], KNOWN)).toThrow(
      /--charges must be a whole number/,
    );
    expect(() => parseChaosOptions(['--bogus'], KNOWN)).toThrow();
  });

  it('answers help', () => {
    expect(parseChaosOptions(['-h'], KNOWN)).toBe('help');
  });
});
