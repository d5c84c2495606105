import { TestBudget, testKafka, waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, TollWorld } from './support/toll-world';
import { withAdmin } from '@paystream/kafka';

const CHARGES = 1_000;
const PLATES = 200;
/** The whole kill-and-recover scenario; sized for a loaded 2-core machine, far beyond what a quiet one needs. */
const budget = new TestBudget(300_000);
/** Counting 1,000 rows is cheap, but no need to do it 10 times a second for minutes. */
const POLL_MS = 500;

describe('worker killed with SIGKILL mid-stream', () => {
  const world = new TollWorld({
    PARTITION_CONCURRENCY: '8',
    // Up to 2 members x 4 partitions x 8 calls hit the gateway at once on 2 busy cores: a call
    // must not time out into retries just because the machine is slow (retries are not the point here).
    GATEWAY_TIMEOUT_MS: '15000',
  });

  beforeAll(async () => {
    await world.start();
  }, APP_START_TIMEOUT_MS * 2);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  it(
    'every one of 1,000 charges ends with exactly one outcome and one gateway charge',
    async () => {
      budget.start();
      const charges = await world.seedCharges(
        Array.from({ length: CHARGES }, (_, i) => `KILL-${i % PLATES}`),
      );
      expect(charges).toHaveLength(CHARGES);
      const [first] = await Promise.all([world.startWorker(), world.startWorker()]);
      await world.publishCharges(charges);

      const decided = async () => {
        const { rows } = await world.pg.query<{ n: string }>(
          `SELECT count(*) AS n FROM toll_charges WHERE status <> 'PENDING'`,
        );
        return Number(rows[0].n);
      };
      // Kill one member while a good part of the stream is still in flight.
      await waitUntil(async () => (await decided()) >= CHARGES / 5, {
        timeoutMs: budget.left(),
        description: 'a fifth decided',
      });
      await first.kill('SIGKILL');
      expect(first.hasExited).toBe(true);
      // Work was still outstanding at the kill: the gateway had not yet charged every charge
      // (the count only grows, so fewer now means fewer at the kill).
      const { rows: chargedAtKill } = await world.pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM gateway_charges WHERE status = 'approved'`,
      );
      expect(Number(chargedAtKill[0].n)).toBeLessThan(CHARGES);
      await world.startWorker();

      await waitUntil(async () => (await decided()) === CHARGES, {
        timeoutMs: budget.left(),
        intervalMs: POLL_MS,
        description: 'all charges decided',
      });

      const { rows: statuses } = await world.pg.query<{ status: string; n: string }>(
        'SELECT status, count(*) AS n FROM toll_charges GROUP BY status',
      );
      expect(statuses).toEqual([{ status: 'SETTLED', n: String(CHARGES) }]);
      const { rows: gateway } = await world.pg.query<{ keys: string; approved: string }>(
        `SELECT count(DISTINCT idempotency_key) AS keys, count(*) AS approved FROM gateway_charges WHERE status = 'approved'`,
      );
      expect(gateway[0]).toEqual({ keys: String(CHARGES), approved: String(CHARGES) });
      // One applied outcome per charge in the sink's ledger, whatever was redelivered.
      const { rows: ledger } = await world.pg.query<{ n: string }>(
        `SELECT count(*) AS n FROM processed_events WHERE outcome <> 'stale'`,
      );
      expect(Number(ledger[0].n)).toBe(CHARGES);
    },
    budget.jestTimeoutMs,
  );

  it('a retry scheduled in Redis survives the SIGKILL of every worker and settles the charge once', async () => {
    const retryBudget = new TestBudget(300_000);
    retryBudget.start();
    await world.setGatewayFaults({ down: true });
    const charge = await world.seedCharge('RETRY-KILL-1');
    const live = world.workers.filter((w) => !w.hasExited);
    const scheduled = () =>
      Promise.all(live.map((w) => world.workerMetric(w, 'charge_worker_retries_scheduled_total')));
    const before = (await scheduled()).reduce((a, b) => a + b, 0);
    await world.publishCharges([charge]);
    await waitUntil(async () => (await scheduled()).reduce((a, b) => a + b, 0) > before, {
      timeoutMs: retryBudget.left(),
      description: 'a retry of RETRY-KILL-1 scheduled',
    });
    // The record is done (its offset committed) once the job is in Redis: no redelivery will carry the charge.
    await waitUntil(
      async () => (await committedOffsets(world.workerGroup, world.topics.charges)) >= CHARGES + 1,
      {
        timeoutMs: retryBudget.left(),
        description: 'the offset of RETRY-KILL-1 committed',
      },
    );
    await Promise.all(live.map((w) => w.kill('SIGKILL')));
    expect((await world.chargeRow(charge.chargeId)).status).toBe('PENDING');
    await world.setGatewayFaults({ down: false });
    await world.startWorker();

    const row = await waitUntil(
      async () => {
        const r = await world.chargeRow(charge.chargeId);
        return r.status !== 'PENDING' ? r : undefined;
      },
      { timeoutMs: retryBudget.left(), intervalMs: POLL_MS, description: 'RETRY-KILL-1 decided' },
    );
    expect(row.status).toBe('SETTLED');
    // Attempt 1 met the outage; only the job in Redis makes a later attempt (a redelivery would start at 1).
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
  }, 315_000);
});

/** Sum of the group's committed offsets on the topic (records it finished). */
async function committedOffsets(groupId: string, topic: string): Promise<number> {
  const [offsets] = await withAdmin(testKafka(), (admin) =>
    admin.fetchOffsets({ groupId, topics: [topic] }),
  );
  return offsets.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}
