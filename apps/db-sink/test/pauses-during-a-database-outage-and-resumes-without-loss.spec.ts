import { TestBudget, waitUntil } from '@paystream/testing';
import { DatabaseOutage } from './support/database-outage';
import { APP_START_TIMEOUT_MS, SinkWorld } from './support/sink-world';

const BEFORE_OUTAGE = 100;
const DURING_OUTAGE = 200;
const CHARGES = BEFORE_OUTAGE + DURING_OUTAGE;
/** Results already written before the outage and published again during it: must stay single. */
const REPUBLISHED = 50;
/** Sized for a loaded 2-core machine, far beyond what a quiet one needs. */
const budget = new TestBudget(240_000);
/** The log line the shared consumer writes when a handler (here: the database write) failed and the partition waits. */
const PAUSED_LOG = 'handler failed; pausing partition';

describe('db-sink during a database outage', () => {
  // Short pause backoff so the sink notices the restored database soon (production waits up to 15 s).
  const world = new SinkWorld({ DB_OUTAGE_BASE_DELAY_MS: '200', DB_OUTAGE_MAX_DELAY_MS: '1000' });
  let outage: DatabaseOutage;

  beforeAll(async () => {
    await world.start();
    outage = new DatabaseOutage(process.env.DATABASE_URL!, world.db.name);
  }, APP_START_TIMEOUT_MS);

  afterAll(async () => {
    await outage?.end().catch(() => undefined);
    await world.stop();
  }, 120_000);

  it(
    'pauses while the database is unreachable, then writes every result exactly once without a restart',
    async () => {
      budget.start();
      const results = await world.seedSettledResults(CHARGES);
      const before = results.slice(0, BEFORE_OUTAGE);
      const during = results.slice(BEFORE_OUTAGE);
      const sink = await world.startSink();
      await world.publish(before);
      await waitUntil(async () => (await world.ledgerRows()) === BEFORE_OUTAGE, {
        timeoutMs: budget.left(),
        description: 'the results before the outage written',
      });

      await outage.begin();
      await world.pg.end().catch(() => undefined); // its backend was terminated too
      await world.publish([...during, ...before.slice(0, REPUBLISHED)]);
      await waitUntil(() => sink.logs.some((line) => line.includes(PAUSED_LOG)), {
        timeoutMs: budget.left(),
        description: 'the sink pausing its partition after a failed write',
      });
      // Paused, not crashed: the same process is alive and answering.
      expect(sink.hasExited).toBe(false);
      expect((await fetch(`${sink.url}/health/live`)).ok).toBe(true);

      await outage.end();
      world.pg = await world.connect();
      await waitUntil(async () => (await world.ledgerRows()) === CHARGES, {
        timeoutMs: budget.left(),
        description: 'every result in the ledger after the outage',
      });
      await waitUntil(async () => (await world.settledCharges()) === CHARGES, {
        timeoutMs: budget.left(),
        description: 'every charge SETTLED',
      });

      expect(await world.ledgerSummary()).toEqual({
        events: String(CHARGES),
        rows: String(CHARGES),
        applied: String(CHARGES),
      });
      expect(world.sinks).toEqual([sink]);
      expect(sink.hasExited).toBe(false);
      const metrics = await (await fetch(`${sink.url}/metrics`)).text();
      expect(
        Number(/db_sink_duplicates_skipped_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0),
      ).toBeGreaterThanOrEqual(REPUBLISHED);
    },
    budget.jestTimeoutMs,
  );
});
