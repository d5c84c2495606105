import { waitUntil } from '@paystream/testing';
import { randomUUID } from 'node:crypto';
import { chargeAtGateway, orphanedPayment } from './support/orphaned-payment';
import { startTill, TillHarness } from './support/till-harness';

describe('pos-api: the sweeper makes progress past payments it cannot resolve yet', () => {
  let h: TillHarness;

  beforeAll(async () => {
    h = await startTill({
      till: { RESOLUTION_SWEEP_INTERVAL_MS: '300', RESOLUTION_MAX_BACKOFF_MS: '5000' },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sixty old payments whose keys are still in flight at the gateway do not starve a newer one', async () => {
    const old = new Date(Date.now() - 3_600_000);
    const stuck = Array.from({ length: 60 }, () => randomUUID());
    // The gateway reports these keys in flight (a live lock): the sweeper must ask again later, not forever first.
    // Keys first: the sweeper must never see these payments without them.
    await h.prisma.gatewayIdempotencyKey.createMany({
      data: stuck.map((id) => ({
        key: `pos-${id}`,
        requestHash: 'h'.repeat(64),
        state: 'in_flight' as const,
        lockedAt: new Date(Date.now() + 3_600_000),
        expiresAt: new Date(Date.now() + 7_200_000),
      })),
    });
    for (const id of stuck)
      await orphanedPayment(h, { id, status: 'timed_out', deadlineAt: old, createdAt: old });
    const newer = randomUUID();
    expect(await chargeAtGateway(h, newer)).toBe(200);
    await orphanedPayment(h, { id: newer, status: 'timed_out', deadlineAt: new Date() });

    const resolved = await waitUntil(
      async () => {
        const p = await h.prisma.posPayment.findUniqueOrThrow({ where: { id: newer } });
        return p.resolution ? p : undefined;
      },
      { description: 'the newer payment resolved by the sweeper' },
    );
    expect(resolved).toMatchObject({ status: 'reversed', resolution: 'voided_late_approval' });
    expect(
      (
        await h.prisma.gatewayCharge.findUniqueOrThrow({
          where: { idempotencyKey: `pos-${newer}` },
        })
      ).status,
    ).toBe('voided');
    // The stuck ones were asked, found in flight, and pushed back rather than concluded.
    const asked = await h.prisma.posPayment.findMany({ where: { id: { in: stuck } } });
    expect(asked.every((p) => p.resolution === null && p.status === 'timed_out')).toBe(true);
    expect(asked.some((p) => p.resolutionAttempts > 0 && p.nextResolutionAt !== null)).toBe(true);
  });
});
