import { randomUUID } from 'node:crypto';
import { tollChargeResultV1Schema } from './toll-charge-result.v1';

const valid = {
  eventId: randomUUID(),
  schemaVersion: 1,
  chargeId: randomUUID(),
  plate: 'AB-123',
  outcome: 'SETTLED',
  gatewayChargeId: randomUUID(),
  declineCode: null,
  reason: null,
  attempts: 1,
  decidedAt: new Date().toISOString(),
};

/** Issue 13 item 6: what the schema accepts, the sink's columns must be able to hold. */
describe('tollChargeResultV1Schema matches the database columns', () => {
  const problems = (value: unknown) => {
    const parsed = tollChargeResultV1Schema.safeParse(value);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts a result the sink can write', () => {
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, gatewayChargeId: null, attempts: 2_147_483_647 })).toEqual([]);
  });

  it('refuses what toll_charges cannot hold, naming the field', () => {
    expect(problems({ ...valid, gatewayChargeId: 'ch_not-a-uuid' })).toEqual(['gatewayChargeId']);
    expect(problems({ ...valid, attempts: 2_147_483_648 })).toEqual(['attempts']);
    expect(problems({ ...valid, reason: 'bad\u0000byte' })).toEqual(['reason']);
    expect(problems({ ...valid, declineCode: '\u0000' })).toEqual(['declineCode']);
    expect(problems({ ...valid, plate: 'AB\u0000' })).toEqual(['plate']);
  });
});
