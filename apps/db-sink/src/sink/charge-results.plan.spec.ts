import { randomUUID } from 'node:crypto';
import { TollChargeOutcome, TollChargeResultV1 } from '@paystream/contracts';
import { ConsumedRecord } from '@paystream/kafka';
import { firstOfEachEvent, planChargeResults } from './charge-results.plan';

let offset = 0;
function result(
  chargeId: string,
  outcome: TollChargeOutcome,
  eventId = randomUUID(),
): ConsumedRecord<TollChargeResultV1> {
  offset += 1;
  return {
    key: 'AB-123',
    topic: 'toll.charge-results.v1',
    partition: 0,
    offset: String(offset),
    timestamp: '0',
    headers: {},
    value: {
      eventId,
      schemaVersion: 1,
      chargeId,
      plate: 'AB-123',
      outcome,
      gatewayChargeId: null,
      declineCode: null,
      reason: null,
      attempts: 1,
      decidedAt: new Date(0).toISOString(),
    },
  };
}

describe('planChargeResults', () => {
  const a = randomUUID();
  const b = randomUUID();

  it('moves each PENDING charge to its result', () => {
    const plan = planChargeResults(
      [result(a, 'SETTLED'), result(b, 'DECLINED')],
      new Map([
        [a, 0],
        [b, 0],
      ]),
    );
    expect(plan.winners.map((w) => [w.value.chargeId, w.value.outcome])).toEqual([
      [a, 'SETTLED'],
      [b, 'DECLINED'],
    ]);
    expect(plan.applied).toEqual({ SETTLED: 1, DECLINED: 1 });
    expect(plan.stale).toEqual([]);
  });

  it('never moves a charge back: a result at or below the current rank is stale', () => {
    const late = result(a, 'FAILED');
    const plan = planChargeResults([late], new Map([[a, 20]]));
    expect(plan.winners).toEqual([]);
    expect(plan.stale).toEqual([late.value.eventId]);
    expect(plan.applied).toEqual({ stale: 1 });
  });

  it('within one batch, decides as one-by-one writes would (FAILED then SETTLED: both applied, SETTLED wins)', () => {
    const failed = result(a, 'FAILED');
    const settled = result(a, 'SETTLED');
    const plan = planChargeResults([failed, settled], new Map([[a, 0]]));
    expect(plan.winners).toEqual([settled]);
    expect(plan.applied).toEqual({ FAILED: 1, SETTLED: 1 });
  });

  it('within one batch, a second final outcome of equal rank does not overwrite the first', () => {
    const settled = result(a, 'SETTLED');
    const declined = result(a, 'DECLINED');
    const plan = planChargeResults([settled, declined], new Map([[a, 0]]));
    expect(plan.winners).toEqual([settled]);
    expect(plan.stale).toEqual([declined.value.eventId]);
  });

  it('refuses to plan for a charge whose rank was not read', () => {
    expect(() => planChargeResults([result(a, 'SETTLED')], new Map())).toThrow(/was not read/);
  });
});

describe('firstOfEachEvent', () => {
  it('keeps the first copy of each event id and counts the rest as duplicates', () => {
    const first = result(randomUUID(), 'SETTLED');
    const copy = { ...first, offset: '999' };
    const other = result(randomUUID(), 'DECLINED');
    expect(firstOfEachEvent([first, other, copy])).toEqual({
      unique: [first, other],
      duplicates: 1,
    });
  });
});
