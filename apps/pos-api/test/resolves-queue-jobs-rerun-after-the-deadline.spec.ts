import { QUEUES } from '@paystream/contracts';
import { waitUntil } from '@paystream/testing';
import { Queue } from 'bullmq';
import { chargeAtGateway, orphanedPayment } from './support/orphaned-payment';
import { startTill, TillHarness } from './support/till-harness';

/**
 * A pos-api instance died mid-call; BullMQ re-queued its stalled job and
 * another worker runs it after the deadline. Simulated by writing the
 * payment (and its attempt) and adding the job directly.
 */
describe('pos-api hybrid: a job run after the deadline', () => {
  let h: TillHarness;
  let queue: Queue;

  beforeAll(async () => {
    // The sweeper is kept out of the way (hour-long interval): only the worker can resolve these.
    h = await startTill({ till: { RESOLUTION_SWEEP_INTERVAL_MS: '3600000' } });
    queue = new Queue(QUEUES.posPayments, {
      connection: { url: h.redisUrl },
      prefix: h.queuePrefix,
    });
  });
  afterAll(async () => {
    await queue?.close();
    await h?.stop();
  });

  const settled = (id: string) =>
    waitUntil(
      async () => {
        const p = await h.prisma.posPayment.findUniqueOrThrow({ where: { id } });
        return p.resolution ? p : undefined;
      },
      { description: `payment ${id} resolved` },
    );

  it('with an earlier attempt (the gateway may have charged): looked up and the approval voided, never "expired before call"', async () => {
    const deadlineAt = new Date(Date.now() - 1000);
    const id = await orphanedPayment(h, {
      status: 'pending',
      mode: 'queue',
      deadlineAt,
      withAttempt: true,
    });
    expect(await chargeAtGateway(h, id)).toBe(200);
    await queue.add('charge', { paymentId: id, deadlineAt: deadlineAt.getTime() }, { jobId: id });
    expect(await settled(id)).toMatchObject({
      status: 'reversed',
      resolution: 'voided_late_approval',
    });
    expect(
      (await h.prisma.gatewayCharge.findUniqueOrThrow({ where: { idempotencyKey: `pos-${id}` } }))
        .status,
    ).toBe('voided');
  });

  it('without any attempt: expired_before_call, and the gateway is never called', async () => {
    const deadlineAt = new Date(Date.now() - 1000);
    const id = await orphanedPayment(h, { status: 'pending', mode: 'queue', deadlineAt });
    const before = await h.gatewayChargeRequests();
    await queue.add('charge', { paymentId: id, deadlineAt: deadlineAt.getTime() }, { jobId: id });
    expect(await settled(id)).toMatchObject({
      status: 'timed_out',
      resolution: 'expired_before_call',
    });
    expect(await h.gatewayChargeRequests()).toBe(before);
    expect(await h.prisma.posPaymentAttempt.count({ where: { paymentId: id } })).toBe(0);
  });
});
