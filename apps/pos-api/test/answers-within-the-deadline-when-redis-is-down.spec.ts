import { randomName } from '@paystream/testing';
import { TcpProxy } from './support/tcp-proxy';
import { startTill, TillHarness, tillBody } from './support/till-harness';

const DEADLINE_MS = 1500;

/** The till reaches Redis through a proxy we cut (the shared Redis itself is never touched). */
describe('pos-api hybrid: Redis unavailable', () => {
  let h: TillHarness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    const redis = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    proxy = await TcpProxy.start({ host: redis.hostname, port: Number(redis.port || 6379) });
    h = await startTill({
      till: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, POS_DEADLINE_MS: String(DEADLINE_MS) },
    });
  });
  afterAll(async () => {
    await proxy?.restore();
    await h?.stop();
    await proxy?.close();
  });

  it.each(['refuse', 'silent'] as const)(
    'Redis %s: ?via=queue answers 503 (nothing charged) instead of waiting past the deadline',
    async (how) => {
      await proxy.cut(how);
      try {
        const gatewayBefore = await h.gatewayChargeRequests();
        // A generous client-side bound only so a hang fails the test instead of stalling it; no speed is asserted.
        const res = await fetch(`${h.tillUrl}/pos/payments?via=queue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': randomName('k') },
          body: JSON.stringify(tillBody()),
          signal: AbortSignal.timeout(DEADLINE_MS + 20_000),
        });
        expect(res.status).toBe(503);
        const body = (await res.json()) as { id: string };
        expect(body).toMatchObject({
          status: 'gateway_unavailable',
          error: 'queue_unavailable',
          mode: 'queue',
        });
        expect(await h.gatewayChargeRequests()).toBe(gatewayBefore);
      } finally {
        await proxy.restore();
      }
    },
  );
});
