import { TestBudget, testKafka, waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, SinkWorld } from './support/sink-world';
import { withAdmin } from '@paystream/kafka';

const CHARGES = 400;
/** Sized for a loaded 2-core machine, far beyond what a quiet one needs. */
const budget = new TestBudget(240_000);

/**
 * SIGTERM while a batch is in flight (its transaction waits on a row lock the
 * test holds, released only once the sink has begun shutting down): the sink
 * finishes that batch, commits exactly what it wrote (nothing written is left
 * uncommitted to be redelivered, nothing committed is unwritten), leaves the
 * group and exits 0. The next sink picks up at the commit without meeting a
 * single duplicate.
 */
describe('db-sink stopped with SIGTERM mid-stream', () => {
  // Small batches: the stream is far from written when the signal comes. Info logs: the shutdown line.
  const world = new SinkWorld({ MAX_RECORDS_PER_BATCH: '5', LOG_LEVEL: 'info' });

  beforeAll(async () => {
    await world.start();
  }, APP_START_TIMEOUT_MS);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  it(
    'drains, commits what it wrote, exits 0, and the next sink meets no duplicate',
    async () => {
      budget.start();
      const results = await world.seedSettledResults(CHARGES);
      await world.publish(results);

      // Hold one charge's row: the sink's transaction for the batch holding its result blocks on it.
      const held = results[CHARGES / 4].chargeId;
      const locker = await world.connect();
      await locker.query('BEGIN');
      await locker.query('SELECT 1 FROM toll_charges WHERE id = $1 FOR UPDATE', [held]);
      const first = await world.startSink();
      await waitUntil(
        async () =>
          (
            await world.pg.query(
              `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%FOR UPDATE%'`,
            )
          ).rowCount! > 0,
        { timeoutMs: budget.left(), description: 'a sink transaction waiting on the held row' },
      );
      const exited = first.kill('SIGTERM', 60_000);
      await waitUntil(() => first.logs.some((line) => line.includes('db-sink shutting down')), {
        timeoutMs: budget.left(),
        description: 'the sink shutting down',
      });
      // The batch is still in flight; let it finish now.
      await locker.query('COMMIT');
      await locker.end();
      expect(await exited).toBe(0);
      // The batch in flight at the signal was finished, not abandoned.
      expect(
        (await world.pg.query('SELECT 1 FROM processed_events WHERE charge_id = $1', [held]))
          .rowCount,
      ).toBe(1);

      const written = await world.pg.query<{ partition: number; n: string }>(
        'SELECT kafka_partition AS partition, count(*) AS n FROM processed_events GROUP BY kafka_partition',
      );
      const writtenByPartition = new Map(written.rows.map((r) => [r.partition, Number(r.n)]));
      const total = [...writtenByPartition.values()].reduce((a, b) => a + b, 0);
      // Work was outstanding at the signal (or the drain proves nothing).
      expect(total).toBeLessThan(CHARGES);

      const [offsets] = await withAdmin(testKafka(), (admin) =>
        admin.fetchOffsets({ groupId: world.group, topics: [world.topics.results] }),
      );
      // Every record is one ledger row and offsets start at 0: committed offset == rows written, per partition.
      const committed = offsets.partitions
        .map((p) => [p.partition, Math.max(0, Number(p.offset))])
        .sort();
      const rows = offsets.partitions
        .map((p) => [p.partition, writtenByPartition.get(p.partition) ?? 0])
        .sort();
      expect(committed).toEqual(rows);

      const second = await world.startSink();
      await waitUntil(async () => (await world.settledCharges()) === CHARGES, {
        timeoutMs: budget.left(),
        description: 'every charge SETTLED after the restart',
      });
      const metrics = await (await fetch(`${second.url}/metrics`)).text();
      expect(
        Number(/db_sink_duplicates_skipped_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0),
      ).toBe(0);
      expect(await world.ledgerSummary()).toEqual({
        events: String(CHARGES),
        rows: String(CHARGES),
        applied: String(CHARGES),
      });
    },
    budget.jestTimeoutMs,
  );
});
