import { randomName, waitUntil } from '@paystream/testing';
import { randomUUID } from 'node:crypto';
import { chargeAtGateway, orphanedPayment } from './support/orphaned-payment';
import { startTill, TillHarness, tillBody } from './support/till-harness';
import { VoidFailingGatewayProxy } from './support/void-failing-gateway-proxy';

/** The resolution branches a 504 can take, each on its own (sweeper and background resolution both running). */
describe('pos-api: resolution of timed-out payments, branch by branch', () => {
  let h: TillHarness;
  let proxy: VoidFailingGatewayProxy | undefined;

  beforeAll(async () => {
    h = await startTill({
      till: {
        POS_DEADLINE_MS: '1000',
        BREAKER_VOLUME_THRESHOLD: '100',
        RESOLUTION_SWEEP_INTERVAL_MS: '300',
        RESOLUTION_MAX_BACKOFF_MS: '600',
        STALE_PENDING_GRACE_MS: '500',
      },
      gatewayUrlForTill: async (url) => {
        proxy = await VoidFailingGatewayProxy.start(url);
        return proxy.url;
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await proxy?.close();
  });
  afterEach(async () => {
    if (proxy) proxy.failVoids = false;
    await h.setFaults({ latencyMs: 0 });
  });

  const payment = (id: string) => h.prisma.posPayment.findUniqueOrThrow({ where: { id } });
  const resolved = (id: string) =>
    waitUntil(async () => ((await payment(id)).resolution ? payment(id) : undefined), {
      description: `${id} resolved`,
    });

  it('gateway still in flight: not concluded while the key is in flight, asked again, and the late approval voided', async () => {
    await h.setFaults({ latencyMs: 4000 });
    const res = await h.pay(tillBody(), { key: randomName('k') });
    expect(res.status).toBe(504);
    const id = res.body.id as string;
    // Asked at least once while the gateway held the key in flight without a charge: left unresolved.
    const asked = await waitUntil(
      async () => {
        const p = await payment(id);
        return p.resolutionAttempts > 0 ? p : undefined;
      },
      { description: 'a resolution try recorded' },
    );
    const key = await h.prisma.gatewayIdempotencyKey.findUnique({ where: { key: `pos-${id}` } });
    if (key?.state === 'in_flight') expect(asked.resolution).toBeNull();
    expect(await resolved(id)).toMatchObject({
      status: 'reversed',
      resolution: 'voided_late_approval',
    });
    expect(
      (await h.prisma.gatewayCharge.findUniqueOrThrow({ where: { idempotencyKey: `pos-${id}` } }))
        .status,
    ).toBe('voided');
  });

  it('a void that fails leaves the payment unresolved for the sweeper, which voids it once the gateway accepts voids again', async () => {
    proxy!.failVoids = true;
    const res = await h.pay(tillBody('tok_timeout'), { key: randomName('k') });
    expect(res.status).toBe(504);
    const id = res.body.id as string;
    await waitUntil(
      async () => proxy!.voidsRefused >= 2 && (await payment(id)).resolutionAttempts >= 2,
      { description: 'voids refused twice' },
    );
    expect(await payment(id)).toMatchObject({ status: 'timed_out', resolution: null });
    expect(
      (await h.prisma.gatewayCharge.findUniqueOrThrow({ where: { idempotencyKey: `pos-${id}` } }))
        .status,
    ).toBe('approved');
    proxy!.failVoids = false;
    expect(await resolved(id)).toMatchObject({
      status: 'reversed',
      resolution: 'voided_late_approval',
    });
    expect(
      (await h.prisma.gatewayCharge.findUniqueOrThrow({ where: { idempotencyKey: `pos-${id}` } }))
        .status,
    ).toBe('voided');
  });

  it('a payment left pending by a crashed till is timed out by the sweeper and its approval voided', async () => {
    // The charge first: the sweeper must never meet this payment before its charge exists.
    const id = randomUUID();
    expect(await chargeAtGateway(h, id)).toBe(200);
    await orphanedPayment(h, {
      id,
      status: 'pending',
      deadlineAt: new Date(Date.now() - 60_000),
      withAttempt: true,
    });
    expect(await resolved(id)).toMatchObject({
      status: 'reversed',
      resolution: 'voided_late_approval',
    });
  });

  it('a payment left pending by a crashed till whose request never reached the gateway: fenced, charge_not_found', async () => {
    const id = await orphanedPayment(h, {
      status: 'pending',
      deadlineAt: new Date(Date.now() - 60_000),
      withAttempt: true,
    });
    expect(await resolved(id)).toMatchObject({
      status: 'timed_out',
      resolution: 'charge_not_found',
    });
    expect(
      await h.prisma.gatewayIdempotencyKey.findUnique({ where: { key: `pos-${id}` } }),
    ).toMatchObject({ state: 'fenced' });
    expect(await chargeAtGateway(h, id)).toBe(409);
  });
});
