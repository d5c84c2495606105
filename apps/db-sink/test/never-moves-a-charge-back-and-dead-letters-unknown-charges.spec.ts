import { randomUUID } from 'node:crypto';
import { DLQ_HEADERS, TollChargeResultV1 } from '@paystream/contracts';
import { TestBudget, waitForMessages, waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, SinkWorld } from './support/sink-world';

const CHARGES = 60;
const budget = new TestBudget(180_000);

/**
 * The sink writes each fetched batch with a fixed number of set-based
 * statements; these are the cases where "last write wins" would be wrong.
 */
describe('db-sink decides like one-by-one writes, batch by batch', () => {
  const world = new SinkWorld();

  beforeAll(async () => {
    await world.start();
  }, APP_START_TIMEOUT_MS);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  it(
    'keeps the first final outcome, applies FAILED→SETTLED, skips copies, dead-letters unknown charges',
    async () => {
      budget.start();
      const settled = await world.seedSettledResults(CHARGES);
      const later = (
        r: TollChargeResultV1,
        outcome: TollChargeResultV1['outcome'],
      ): TollChargeResultV1 => ({
        ...r,
        eventId: randomUUID(),
        outcome,
        gatewayChargeId: null,
        declineCode: outcome === 'DECLINED' ? 'insufficient_funds' : null,
        reason: outcome === 'SETTLED' ? null : `late ${outcome}`,
        attempts: r.attempts + 1,
      });
      const [firstThird, secondThird, lastThird] = [
        settled.slice(0, 20),
        settled.slice(20, 40),
        settled.slice(40),
      ];
      // 1st third: SETTLED, then a DECLINED of equal rank for the same charge (must not overwrite), then a copy.
      // 2nd third: FAILED first, then SETTLED (higher rank: moves forward).
      // 3rd third: SETTLED, then a lower-rank FAILED (stale).
      const unknown: TollChargeResultV1 = {
        ...settled[0],
        eventId: randomUUID(),
        chargeId: randomUUID(),
      };
      const stream = [
        ...firstThird.flatMap((r) => [r, later(r, 'DECLINED'), r]),
        ...secondThird.flatMap((r) => {
          const failed = { ...later(r, 'FAILED'), attempts: 1 };
          return [failed, { ...r, attempts: 2 }];
        }),
        ...lastThird.flatMap((r) => [r, later(r, 'FAILED')]),
        unknown,
      ];
      // One send: the sink sees most of these in shared batches (the in-batch path).
      await world.publish(stream, stream.length);
      await world.startSink();

      const dead = await waitForMessages(world.topics.dlq, 1, { timeoutMs: budget.left() });
      expect(JSON.parse(dead[0].value!)).toMatchObject({ chargeId: unknown.chargeId });
      expect(dead[0].headers[DLQ_HEADERS.reason]).toBe(
        `no toll charge ${unknown.chargeId} in the database`,
      );

      const distinctEvents = new Set(stream.filter((r) => r !== unknown).map((r) => r.eventId))
        .size;
      await waitUntil(async () => (await world.ledgerRows()) === distinctEvents, {
        timeoutMs: budget.left(),
        description: `${distinctEvents} events in the ledger`,
      });
      const { rows } = await world.pg.query<{ status: string; attempts: number; n: string }>(
        `SELECT status, attempts, count(*) AS n FROM toll_charges GROUP BY status, attempts ORDER BY status, attempts`,
      );
      expect(rows.map((r) => [r.status, r.attempts, Number(r.n)])).toEqual([
        ['SETTLED', 1, 40], // first and last thirds: the first SETTLED stands
        ['SETTLED', 2, 20], // second third: FAILED then SETTLED
      ]);
      const ledger = await world.pg.query<{ outcome: string; n: string }>(
        `SELECT outcome, count(*) AS n FROM processed_events GROUP BY outcome ORDER BY outcome`,
      );
      expect(Object.fromEntries(ledger.rows.map((r) => [r.outcome, Number(r.n)]))).toEqual({
        FAILED: 20, // the second third's FAILED moved its charge before SETTLED did
        SETTLED: 60,
        stale: 40, // 20 equal-rank DECLINED + 20 lower-rank FAILED
      });
      const noErrors = await world.pg.query(
        `SELECT 1 FROM toll_charges WHERE last_error IS NOT NULL OR decline_code IS NOT NULL`,
      );
      expect(noErrors.rowCount).toBe(0);
    },
    budget.jestTimeoutMs,
  );

  it('across batches: a SETTLED committed earlier is never moved back by a later FAILED or DECLINED; a committed FAILED moves on to SETTLED', async () => {
    const acrossBudget = new TestBudget(150_000);
    acrossBudget.start();
    // One running sink (the test above's, or a new one when this test runs alone): each publish below lands in a later batch.
    if (world.sinks.length === 0) await world.startSink();
    const settled = await world.seedSettledResults(CHARGES);
    const [settledFirst, failedFirst] = [settled.slice(0, CHARGES / 2), settled.slice(CHARGES / 2)];
    const ids = settled.map((r) => r.chargeId);
    const ledger = async (): Promise<Record<string, number>> => {
      const { rows } = await world.pg.query<{ outcome: string; n: string }>(
        'SELECT outcome, count(*) AS n FROM processed_events WHERE charge_id = ANY($1::uuid[]) GROUP BY outcome',
        [ids],
      );
      return Object.fromEntries(rows.map((r) => [r.outcome, Number(r.n)]));
    };
    const ledgerRows = async () => Object.values(await ledger()).reduce((a, b) => a + b, 0);
    const failed = (r: TollChargeResultV1): TollChargeResultV1 => ({
      ...r,
      eventId: randomUUID(),
      outcome: 'FAILED',
      gatewayChargeId: null,
      reason: 'stale failure',
      attempts: 7,
    });

    // Batch 1: half SETTLED, half FAILED — committed before anything else is published.
    await world.publish([...settledFirst, ...failedFirst.map(failed)]);
    await waitUntil(async () => (await ledgerRows()) === CHARGES, {
      timeoutMs: acrossBudget.left(),
      description: 'the first batch committed',
    });
    expect(await ledger()).toEqual({ SETTLED: settledFirst.length, FAILED: failedFirst.length });
    // Batch 2: stale FAILED / DECLINED for the SETTLED half, the real SETTLED for the FAILED half.
    const stale = settledFirst.flatMap((r) => [
      failed(r),
      { ...failed(r), outcome: 'DECLINED' as const, declineCode: 'do_not_honor' },
    ]);
    await world.publish([...stale, ...failedFirst.map((r) => ({ ...r, attempts: 8 }))]);
    await waitUntil(
      async () => (await ledgerRows()) === CHARGES + stale.length + failedFirst.length,
      {
        timeoutMs: acrossBudget.left(),
        description: 'the later batch applied',
      },
    );
    // Every late FAILED / DECLINED for a SETTLED charge moved nothing; the real SETTLED moved the FAILED ones on.
    expect(await ledger()).toEqual({
      SETTLED: CHARGES,
      FAILED: failedFirst.length,
      stale: stale.length,
    });

    const { rows } = await world.pg.query<{
      id: string;
      status: string;
      attempts: number;
      gateway_charge_id: string | null;
      last_error: string | null;
      decline_code: string | null;
    }>(
      'SELECT id::text AS id, status, attempts, gateway_charge_id::text, last_error, decline_code FROM toll_charges WHERE id = ANY($1::uuid[])',
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const r of settledFirst) {
      expect(byId.get(r.chargeId)).toEqual({
        id: r.chargeId,
        status: 'SETTLED',
        attempts: 1,
        gateway_charge_id: r.gatewayChargeId,
        last_error: null,
        decline_code: null,
      });
    }
    for (const r of failedFirst) {
      expect(byId.get(r.chargeId)).toEqual({
        id: r.chargeId,
        status: 'SETTLED',
        attempts: 8,
        gateway_charge_id: r.gatewayChargeId,
        last_error: null,
        decline_code: null,
      });
    }
  }, 165_000);
});
