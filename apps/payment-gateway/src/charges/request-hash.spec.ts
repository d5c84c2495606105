import { chargeRequestHash } from './request-hash';

const base = { amount: 100, currency: 'EUR' as const, cardToken: 'tok_visa', reference: 'r1' };

describe('chargeRequestHash', () => {
  it('ignores metadata key order', () => {
    expect(chargeRequestHash({ ...base, metadata: { a: '1', b: '2' } })).toBe(
      chargeRequestHash({ ...base, metadata: { b: '2', a: '1' } }),
    );
  });

  it('changes with any parameter', () => {
    const h = chargeRequestHash(base);
    expect(chargeRequestHash({ ...base, amount: 101 })).not.toBe(h);
    expect(chargeRequestHash({ ...base, currency: 'GBP' })).not.toBe(h);
    expect(chargeRequestHash({ ...base, cardToken: 'tok_mastercard' })).not.toBe(h);
    expect(chargeRequestHash({ ...base, reference: 'r2' })).not.toBe(h);
    expect(chargeRequestHash({ ...base, metadata: { a: '1' } })).not.toBe(h);
  });
});
