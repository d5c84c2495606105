import { TestBudget, waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, SinkWorld } from './support/sink-world';

const CHARGES = 400;
const REPUBLISHED = 100;
/** The whole kill-and-restart scenario; sized for a loaded 2-core machine, far beyond what a quiet one needs. */
const budget = new TestBudget(300_000);

describe('db-sink killed mid-batch and restarted', () => {
  // Small batches: many transactions, so the kill lands while most of the stream is still unwritten.
  const world = new SinkWorld({ MAX_RECORDS_PER_BATCH: '5' });

  beforeAll(async () => {
    await world.start();
  }, APP_START_TIMEOUT_MS);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  it(
    'applies every result once: one ledger row per event, every charge SETTLED, duplicates skipped',
    async () => {
      budget.start();
      const results = await world.seedSettledResults(CHARGES);
      await world.publish(results);

      const first = await world.startSink();
      // Kill as soon as anything is written: the rest of the stream is still being read and written.
      await waitUntil(async () => (await world.ledgerRows()) > 0, {
        timeoutMs: budget.left(),
        description: 'the first batch written',
      });
      await first.kill('SIGKILL');
      // The kill must have interrupted work, or the restart below proves nothing.
      const writtenAtKill = await world.ledgerRows();
      expect(writtenAtKill).toBeLessThan(CHARGES);
      // Some results are published twice (a producer retry or a worker redelivery),
      // after the kill, so the second sink is sure to meet them.
      await world.publish(results.slice(0, REPUBLISHED));
      const second = await world.startSink();
      await waitUntil(async () => (await world.ledgerRows()) === CHARGES, {
        timeoutMs: budget.left(),
        description: 'every event in the ledger',
      });
      await waitUntil(async () => (await world.settledCharges()) === CHARGES, {
        timeoutMs: budget.left(),
        description: 'every charge SETTLED',
      });

      // The copies were published after the kill: wait until the second sink has met them all.
      const duplicatesSkipped = async () =>
        Number(
          /db_sink_duplicates_skipped_total\{[^}]*\} (\d+)/.exec(
            await (await fetch(`${second.url}/metrics`)).text(),
          )?.[1] ?? 0,
        );
      await waitUntil(async () => (await duplicatesSkipped()) >= REPUBLISHED, {
        timeoutMs: budget.left(),
        description: `the second sink skipped the ${REPUBLISHED} copies`,
      });
      expect(await world.ledgerSummary()).toEqual({
        events: String(CHARGES),
        rows: String(CHARGES),
        applied: String(CHARGES),
      });
      expect(await world.settledCharges()).toBe(CHARGES);
    },
    budget.jestTimeoutMs,
  );
});
