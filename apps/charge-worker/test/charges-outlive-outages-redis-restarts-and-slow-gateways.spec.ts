import {
  DLQ_ERROR_CLASSES,
  DLQ_HEADERS,
  IDEMPOTENCY_KEY_HEADER,
  TEST_CARD_TOKENS,
} from '@paystream/contracts';
import { RedisServer, startRedis } from '@paystream/dev-infra';
import { TestBudget, waitForMessages, waitUntil } from '@paystream/testing';
import { Queue } from 'bullmq';
import { APP_START_TIMEOUT_MS, TollWorld } from './support/toll-world';

/** Waits end as soon as their condition holds; generous for a loaded 2-core machine. */
const WAIT_MS = 150_000;
/** Longer than the old defaults' whole retry budget (6 attempts, 1 s base, full jitter: at most ~31 s of delays). */
const OUTAGE_MS = 40_000;
/** The gateway holds a tok_timeout request this long: far past the worker's deadline, so retries meet 409 in flight. */
const HOLD_MS = 40_000;

/**
 * Faults a new user meets first (issue 13): an outage longer than a few
 * seconds, a Redis restart (Redis keeps nothing on disk), a gateway slower than
 * the worker's deadline, and a request the gateway refuses for good. The
 * worker runs with its DEFAULT retry settings; only the re-drive bound is
 * short so the test does not wait 15 minutes.
 */
describe('charges outlive outages, Redis restarts and slow gateways', () => {
  let redis: RedisServer;
  let world: TollWorld;

  beforeAll(async () => {
    // Our own redis-server: this file restarts it (never the shared one).
    redis = await startRedis({ url: null });
    world = new TollWorld(
      { GATEWAY_TIMEOUT_MS: '2000', REDRIVE_AFTER_MS: '5000', REDRIVE_INTERVAL_MS: '1000' },
      { redisUrl: redis.url, gatewayEnv: { HOLD_MAX_MS: String(HOLD_MS) } },
    );
    await world.start();
    await world.startWorker();
  }, APP_START_TIMEOUT_MS * 3);

  afterAll(async () => {
    await world?.stop();
    await redis?.stop();
  }, 120_000);

  const allDecided = (chargeIds: string[]) => world.waitUntilDecided(chargeIds, WAIT_MS);

  const retriesScheduled = () =>
    world.workerMetric(world.workers[0], 'charge_worker_retries_scheduled_total');

  it(
    'an outage longer than the old retry budget: every charge settles once the gateway is back, none FAILED',
    async () => {
      const budget = new TestBudget(OUTAGE_MS + 2 * WAIT_MS);
      budget.start();
      await world.setGatewayFaults({ down: true });
      const before = await retriesScheduled();
      const charges = await world.seedCharges(Array.from({ length: 20 }, (_, i) => `LONG-${i}`));
      await world.publishCharges(charges);
      await waitUntil(async () => (await retriesScheduled()) >= before + charges.length, {
        timeoutMs: budget.left(),
        description: 'every charge met the outage and was scheduled for a retry',
      });
      // The outage itself (the stimulus, not an assertion about speed).
      await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
      await world.setGatewayFaults({ down: false });
      const counts = await allDecided(charges.map((c) => c.chargeId));
      expect(counts).toEqual({ SETTLED: charges.length });
      for (const charge of charges.slice(0, 3))
        expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
    },
    OUTAGE_MS + 3 * WAIT_MS,
  );

  it(
    'Redis restarted while charges wait for the gateway: they are re-driven from Postgres and settle',
    async () => {
      await world.setGatewayFaults({ down: true });
      const before = await retriesScheduled();
      const charges = await world.seedCharges(Array.from({ length: 20 }, (_, i) => `REDIS-${i}`));
      await world.publishCharges(charges);
      await waitUntil(async () => (await retriesScheduled()) >= before + charges.length, {
        timeoutMs: WAIT_MS,
        description: 'every charge handed to the retry queue in Redis',
      });
      // Redis keeps nothing on disk: a restart loses every scheduled retry.
      const port = Number(new URL(redis.url).port);
      await redis.stop();
      redis = await startRedis({ url: null, port });
      await world.setGatewayFaults({ down: false });

      const counts = await allDecided(charges.map((c) => c.chargeId));
      expect(counts).toEqual({ SETTLED: charges.length });
      for (const charge of charges) expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
      expect(
        await world.workerMetric(world.workers[0], 'charge_worker_redriven_total'),
      ).toBeGreaterThanOrEqual(1);
      expect(world.workers[0].logs.some((line) => line.includes('charge re-driven'))).toBe(true);
    },
    3 * WAIT_MS,
  );

  it(
    'a retry job that left Redis without running (failed its own infrastructure attempts, removed): the charge is re-driven',
    async () => {
      await world.setGatewayFaults({ down: true });
      const charge = await world.seedCharge('JOB-GONE-1');
      const before = await retriesScheduled();
      await world.publishCharges([charge]);
      await waitUntil(async () => (await retriesScheduled()) > before, {
        timeoutMs: WAIT_MS,
        description: 'a retry of JOB-GONE-1 scheduled',
      });
      // Take the charge's delayed job out of Redis, as a job that exhausted RETRY_JOB_INFRA_ATTEMPTS ends up (not live).
      const queue = new Queue(world.retryQueue, {
        connection: { url: redis.url },
        prefix: world.retryPrefix,
      });
      try {
        // A job running at that moment may schedule the next one: remove until none is left.
        await waitUntil(
          async () => {
            const mine = (await queue.getJobs(['delayed', 'waiting', 'active'])).filter((job) =>
              job.id?.startsWith(charge.chargeId),
            );
            for (const job of mine) await job.remove().catch(() => undefined);
            return mine.length === 0;
          },
          {
            timeoutMs: WAIT_MS,
            intervalMs: 200,
            description: 'no retry job of JOB-GONE-1 left in Redis',
          },
        );
      } finally {
        await queue.close();
      }
      const redrivenBefore = await world.workerMetric(
        world.workers[0],
        'charge_worker_redriven_total',
      );
      await world.setGatewayFaults({ down: false });
      expect(await allDecided([charge.chargeId])).toEqual({ SETTLED: 1 });
      expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
      expect(
        await world.workerMetric(world.workers[0], 'charge_worker_redriven_total'),
      ).toBeGreaterThan(redrivenBefore);
    },
    3 * WAIT_MS,
  );

  it(
    'gateway slower than the worker: timeout, then 409 in flight, then the stored approval is replayed (SETTLED, charged once)',
    async () => {
      const charge = await world.seedCharge('SLOW-1', TEST_CARD_TOKENS.timeout);
      await world.publishCharges([charge]);
      expect(await allDecided([charge.chargeId])).toEqual({ SETTLED: 1 });
      const row = await world.chargeRow(charge.chargeId);
      expect(row.gateway_charge_id).not.toBeNull();
      expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
      // The path really ran: a timeout first, then at least one "in use" answer.
      const failures = await (await fetch(`${world.workers[0].url}/metrics`)).text();
      expect(failures).toMatch(
        /charge_worker_gateway_failures_total\{[^}]*kind="GatewayTimeoutError"[^}]*\} [1-9]/,
      );
      expect(
        await world.workerMetric(world.workers[0], 'charge_worker_gateway_in_use_total'),
      ).toBeGreaterThanOrEqual(1);
    },
    2 * WAIT_MS,
  );

  it(
    'a request the gateway refuses for good (422 key reused): FAILED at once and dead-lettered',
    async () => {
      const charge = await world.seedCharge('REFUSED-1');
      // Someone else used the charge id as a key with other parameters (declined, so no approval exists for it).
      const res = await fetch(`${world.gateway.url}/v1/charges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: charge.chargeId },
        body: JSON.stringify({
          amount: 1,
          currency: charge.currency,
          cardToken: TEST_CARD_TOKENS.insufficientFunds,
          reference: 'other',
        }),
      });
      expect(res.status).toBe(402);
      await world.publishCharges([charge]);
      expect(await allDecided([charge.chargeId])).toEqual({ FAILED: 1 });
      expect(await world.chargeRow(charge.chargeId)).toMatchObject({ attempts: 1 });
      // The DLQ topic has one partition: once REFUSED-1's letter is read, every earlier letter was read too.
      const all = await waitUntil(
        async () => {
          const read = await waitForMessages(world.topics.chargesDlq, 1, { timeoutMs: WAIT_MS });
          return read.some((l) => l.key === 'REFUSED-1') ? read : undefined;
        },
        { timeoutMs: WAIT_MS, description: 'dead letter of REFUSED-1' },
      );
      const letter = all.find((l) => l.key === 'REFUSED-1')!;
      expect(letter.headers[DLQ_HEADERS.errorClass]).toBe(DLQ_ERROR_CLASSES.unwritable);
      expect(letter.headers[DLQ_HEADERS.reason]).toMatch(/422/);
      // No outage-caused dead letter in the whole file: only the refused request.
      expect(all.map((l) => l.key)).toEqual(['REFUSED-1']);
    },
    2 * WAIT_MS,
  );
});
