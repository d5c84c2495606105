import { TestBudget, waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, TollWorld } from './support/toll-world';

const CHARGES = 40;
/** Each gateway call takes this long, so a SIGTERM always finds calls in flight. */
const GATEWAY_LATENCY_MS = 2_000;
const budget = new TestBudget(300_000);

/**
 * SIGTERM (a rolling deploy, a scale-in) must not strand a charge: calls in
 * flight finish and their results are published before the process exits, and
 * what was not started is left to the group (offsets not committed).
 */
describe('charge-worker stopped with SIGTERM mid-stream', () => {
  const world = new TollWorld({
    PARTITION_CONCURRENCY: '4',
    GATEWAY_TIMEOUT_MS: '20000',
    SHUTDOWN_TIMEOUT_MS: '60000',
  });

  beforeAll(async () => {
    await world.start();
  }, APP_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  const approvedAtGateway = async () => {
    const { rows } = await world.pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM gateway_charges WHERE status = 'approved'`,
    );
    return Number(rows[0].n);
  };
  const settled = async () => (await world.statusCounts()).SETTLED ?? 0;

  it(
    'finishes the calls in flight, publishes their results, exits 0; the rest settle once on the next member',
    async () => {
      budget.start();
      await world.setGatewayFaults({ latencyMs: GATEWAY_LATENCY_MS });
      const charges = await world.seedCharges(
        Array.from({ length: CHARGES }, (_, i) => `TERM-${i}`),
      );
      const worker = await world.startWorker();
      await world.publishCharges(charges);
      // Calls are in flight at the gateway when the signal arrives.
      await waitUntil(
        async () => (await world.workerMetric(world.gateway, 'gateway_charges_in_flight')) > 0,
        {
          timeoutMs: budget.left(),
          intervalMs: 100,
          description: 'gateway calls in flight',
        },
      );
      // Work is outstanding when the signal arrives (the count only grows: fewer now means fewer then).
      expect(await approvedAtGateway()).toBeLessThan(CHARGES);
      expect(await worker.kill('SIGTERM', 60_000)).toBe(0);

      // No member runs now. Every charge the gateway approved had its result published before the exit...
      const charged = await approvedAtGateway();
      expect(charged).toBeGreaterThan(0);
      await waitUntil(async () => (await settled()) >= charged, {
        timeoutMs: budget.left(),
        description: `the ${charged} charges approved before the exit SETTLED without any worker running`,
      });
      // Nothing was left running at the gateway on the worker's behalf.
      expect(await approvedAtGateway()).toBe(charged);

      await world.setGatewayFaults({ latencyMs: 0 });
      await world.startWorker();
      await waitUntil(async () => (await settled()) === CHARGES, {
        timeoutMs: budget.left(),
        description: 'all charges SETTLED',
      });
      const { rows } = await world.pg.query<{ keys: string; approved: string }>(
        `SELECT count(DISTINCT idempotency_key) AS keys, count(*) AS approved FROM gateway_charges WHERE status = 'approved'`,
      );
      expect(rows[0]).toEqual({ keys: String(CHARGES), approved: String(CHARGES) });
    },
    budget.jestTimeoutMs,
  );
});
