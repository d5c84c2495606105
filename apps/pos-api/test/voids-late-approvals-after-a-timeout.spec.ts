import { randomName, waitUntil } from '@paystream/testing';
import { startTill, TillHarness, tillBody } from './support/till-harness';

describe('pos-api: deadline exceeded never leaves the customer charged', () => {
  let h: TillHarness;

  beforeAll(async () => {
    // A high volume threshold keeps the breaker out of this story. The sweeper runs once an hour:
    // what is resolved here is resolved by the background resolution (sync) or the worker (queue), not by it.
    h = await startTill({
      till: {
        POS_DEADLINE_MS: '800',
        BREAKER_VOLUME_THRESHOLD: '100',
        RESOLUTION_SWEEP_INTERVAL_MS: '3600000',
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });
  afterEach(async () => {
    await h.setFaults({ latencyMs: 0 });
  });

  const resolved = (id: string) =>
    waitUntil(
      async () => {
        const p = await h.prisma.posPayment.findUniqueOrThrow({ where: { id } });
        return p.resolution ? p : undefined;
      },
      { description: `payment ${id} resolved` },
    );

  it('answers 504, then finds the late approval and voids it; the record says so', async () => {
    const res = await h.pay(tillBody('tok_timeout'), { key: randomName('k') });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ status: 'timed_out', error: 'gateway_timeout' });
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

  it('hybrid: a reply that arrives after the deadline is voided by the worker (no sweeper, no lookup)', async () => {
    await h.setFaults({ latencyMs: 1500 });
    const res = await h.pay(tillBody(), { key: randomName('k'), query: '?via=queue' });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ mode: 'queue', status: 'timed_out' });
    const id = res.body.id as string;
    expect(await resolved(id)).toMatchObject({
      mode: 'queue',
      status: 'reversed',
      resolution: 'voided_late_approval',
      resolutionAttempts: 0,
    });
    const charges = await h.prisma.gatewayCharge.findMany({
      where: { idempotencyKey: `pos-${id}` },
    });
    expect(charges.map((c) => c.status)).toEqual(['voided']);
    expect(await h.prisma.sale.count({ where: { paymentId: id } })).toBe(0);
  });

  it('hybrid: a decline that arrives after the deadline is discarded by the worker (late_reply_discarded)', async () => {
    await h.setFaults({ latencyMs: 1500 });
    const res = await h.pay(tillBody('tok_insufficient_funds'), {
      key: randomName('k'),
      query: '?via=queue',
    });
    expect(res.status).toBe(504);
    expect(await resolved(res.body.id as string)).toMatchObject({
      status: 'timed_out',
      resolution: 'late_reply_discarded',
      declineCode: 'insufficient_funds',
    });
  });
});
