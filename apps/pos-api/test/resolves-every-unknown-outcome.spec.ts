import { randomName, waitUntil } from '@paystream/testing';
import { startTill, TillHarness, tillBody } from './support/till-harness';

/** Every answer the till cannot trust as "nothing charged" is looked up by key, and a late approval voided. */
describe('pos-api: unknown outcomes are resolved, never recorded as "nothing charged"', () => {
  let h: TillHarness;

  beforeAll(async () => {
    h = await startTill({
      till: { BREAKER_VOLUME_THRESHOLD: '100', RESOLUTION_NOT_FOUND_GRACE_MS: '500' },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    await h.setFaults({
      resetAfterCommitRate: 0,
      serverErrorAfterCommitRate: 0,
      down: false,
      latencyMs: 0,
    });
  });

  const resolved = (id: string) =>
    waitUntil(
      async () => {
        const p = await h.prisma.posPayment.findUniqueOrThrow({ where: { id } });
        return p.resolution ? p : undefined;
      },
      { description: `payment ${id} resolved` },
    );

  it.each([
    ['a connection reset after the gateway committed', { resetAfterCommitRate: 1 }],
    ['a 500 after the gateway committed', { serverErrorAfterCommitRate: 1 }],
  ])('%s: answers 504 (outcome unknown), then voids the approval', async (_what, faults) => {
    await h.setFaults(faults);
    const res = await h.pay(tillBody(), { key: randomName('k') });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ status: 'timed_out', error: 'gateway_outcome_unknown' });
    const id = res.body.id as string;
    expect(await resolved(id)).toMatchObject({
      status: 'reversed',
      resolution: 'voided_late_approval',
    });
    const charge = await h.prisma.gatewayCharge.findUniqueOrThrow({
      where: { idempotencyKey: `pos-${id}` },
    });
    expect(charge.status).toBe('voided');
    expect(await h.prisma.sale.count({ where: { paymentId: id } })).toBe(0);
  });

  it('a 500 before any commit: 504, then "not found" after the grace, and the key is fenced at the gateway', async () => {
    const res = await h.pay(tillBody('tok_server_error'), { key: randomName('k') });
    expect(res.status).toBe(504);
    const id = res.body.id as string;
    expect(await resolved(id)).toMatchObject({
      status: 'timed_out',
      resolution: 'charge_not_found',
    });
    // A request with that key arriving now (a retry still in transit) is refused: nothing can be charged.
    const late = await fetch(`${h.gatewayUrl}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': `pos-${id}` },
      body: JSON.stringify({ amount: 1999, currency: 'EUR', cardToken: 'tok_visa', reference: id }),
    });
    expect([late.status, ((await late.json()) as { error: string }).error]).toEqual([
      409,
      'idempotency_key_fenced',
    ]);
    expect(await h.prisma.gatewayCharge.count({ where: { idempotencyKey: `pos-${id}` } })).toBe(0);
  });

  it('the gateway switched down answers before anything is committed: 503, final, nothing to resolve', async () => {
    await h.setFaults({ down: true });
    const res = await h.pay(tillBody(), { key: randomName('k') });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: 'gateway_unavailable',
      error: 'gateway_unavailable',
      resolution: null,
    });
    expect(
      await h.prisma.gatewayCharge.count({
        where: { idempotencyKey: `pos-${res.body.id as string}` },
      }),
    ).toBe(0);
  });

  it('a late decline found by the lookup is recorded as confirmed_declined', async () => {
    await h.setFaults({ latencyMs: 3000 });
    const res = await h.pay(tillBody('tok_card_declined'), { key: randomName('k') });
    expect(res.status).toBe(504);
    await h.setFaults({ latencyMs: 0 });
    expect(await resolved(res.body.id as string)).toMatchObject({
      status: 'timed_out',
      resolution: 'confirmed_declined',
      declineCode: 'card_declined',
    });
  });
});
