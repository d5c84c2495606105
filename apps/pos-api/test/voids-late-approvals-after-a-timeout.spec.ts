import { randomName, waitUntil } from '@paystream/testing';
import { startTill, TillHarness, tillBody } from './support/till-harness';

describe('pos-api: deadline exceeded never leaves the customer charged', () => {
  let h: TillHarness;

  beforeAll(async () => {
    // A high volume threshold keeps the breaker out of this story.
    h = await startTill({ till: { POS_DEADLINE_MS: '800', BREAKER_VOLUME_THRESHOLD: '100' } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers 504, then finds the late approval and voids it; the record says so', async () => {
    const res = await h.pay(tillBody('tok_timeout'), { key: randomName('k') });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ status: 'timed_out', error: 'gateway_timeout' });
    const id = res.body.id as string;
    const resolved = await waitUntil(async () => {
      const p = await h.prisma.posPayment.findUniqueOrThrow({ where: { id } });
      return p.resolution ? p : undefined;
    }, { description: 'payment resolved' });
    expect(resolved).toMatchObject({ status: 'reversed', resolution: 'voided_late_approval' });
    const charge = await h.prisma.gatewayCharge.findUniqueOrThrow({ where: { idempotencyKey: `pos-${id}` } });
    expect(charge.status).toBe('voided');
    expect(await h.prisma.sale.count({ where: { paymentId: id } })).toBe(0);
  });

  it('hybrid: a reply that arrives after the deadline is voided by the worker', async () => {
    await h.setFaults({ latencyMs: 1500 });
    try {
      const res = await h.pay(tillBody(), { key: randomName('k'), query: '?via=queue' });
      expect(res.status).toBe(504);
      expect(res.body).toMatchObject({ mode: 'queue', status: 'timed_out' });
      const id = res.body.id as string;
      const resolved = await waitUntil(async () => {
        const p = await h.prisma.posPayment.findUniqueOrThrow({ where: { id } });
        return p.resolution ? p : undefined;
      }, { description: 'queued payment resolved' });
      expect(resolved).toMatchObject({ mode: 'queue', status: 'reversed', resolution: 'voided_late_approval' });
      const charges = await h.prisma.gatewayCharge.findMany({ where: { idempotencyKey: `pos-${id}` } });
      expect(charges.map((c) => c.status)).toEqual(['voided']);
      expect(await h.prisma.sale.count({ where: { paymentId: id } })).toBe(0);
    } finally {
      await h.setFaults({ latencyMs: 0 });
    }
  });
});
