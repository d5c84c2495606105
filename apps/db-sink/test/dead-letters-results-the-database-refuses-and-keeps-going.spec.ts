import { DLQ_HEADERS, TollChargeResultV1 } from '@paystream/contracts';
import { TestBudget, waitForMessages, waitUntil } from '@paystream/testing';
import { APP_START_TIMEOUT_MS, SinkWorld } from './support/sink-world';

const GOOD = 60;
/** Sized for a loaded 2-core machine; on the unfixed sink the good results never land and this runs out. */
const budget = new TestBudget(150_000);
/** A constraint the event schema cannot know about: stands for "the database refuses this row" (a future CHECK, a trigger). */
const REFUSED_DECLINE_CODE = 'refused_by_a_check';

/**
 * Issue 13 item 6: results the old schema accepted but Postgres refuses
 * (a non-UUID gatewayChargeId, attempts beyond int4) used to roll the whole
 * batch back forever. The schema now matches the column types, and a record
 * the database still refuses is isolated and dead-lettered with the reason;
 * every other result of the batch is written.
 */
describe('db-sink meets results the database refuses', () => {
  const world = new SinkWorld();

  beforeAll(async () => {
    await world.start();
    await world.pg.query(
      `ALTER TABLE toll_charges ADD CONSTRAINT test_refuses_decline_code CHECK (decline_code IS DISTINCT FROM '${REFUSED_DECLINE_CODE}')`,
    );
  }, APP_START_TIMEOUT_MS);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  it(
    'dead-letters each refused result with its reason and writes all the others',
    async () => {
      budget.start();
      const results = await world.seedSettledResults(GOOD + 3);
      const good = results.slice(0, GOOD);
      const [notUuid, tooManyAttempts, refused]: TollChargeResultV1[] = [
        { ...results[GOOD], gatewayChargeId: 'ch_not-a-uuid' },
        { ...results[GOOD + 1], attempts: 3_000_000_000 },
        {
          ...results[GOOD + 2],
          outcome: 'DECLINED',
          gatewayChargeId: null,
          declineCode: REFUSED_DECLINE_CODE,
          reason: 'declined',
        },
      ];
      // Bad ones in the middle of one send: they share fetched batches with good ones.
      const stream = [
        ...good.slice(0, 20),
        notUuid,
        ...good.slice(20, 40),
        tooManyAttempts,
        refused,
        ...good.slice(40),
      ];
      await world.publish(stream, stream.length);
      await world.startSink();

      const dead = await waitForMessages(world.topics.dlq, 3, { timeoutMs: budget.left() });
      const reasons = Object.fromEntries(
        dead.map((d) => [
          (JSON.parse(d.value!) as TollChargeResultV1).chargeId,
          d.headers[DLQ_HEADERS.reason],
        ]),
      );
      expect(Object.keys(reasons).sort()).toEqual(
        [notUuid.chargeId, tooManyAttempts.chargeId, refused.chargeId].sort(),
      );
      expect(reasons[notUuid.chargeId]).toMatch(/gatewayChargeId/);
      expect(reasons[tooManyAttempts.chargeId]).toMatch(/attempts/);
      expect(reasons[refused.chargeId]).toMatch(/test_refuses_decline_code/);

      await waitUntil(async () => (await world.settledCharges()) === GOOD, {
        timeoutMs: budget.left(),
        description: `the ${GOOD} good results written`,
      });
      expect(await world.ledgerSummary()).toEqual({
        events: String(GOOD),
        rows: String(GOOD),
        applied: String(GOOD),
      });
      const { rows } = await world.pg.query<{ id: string; status: string }>(
        'SELECT id::text AS id, status FROM toll_charges WHERE id = ANY($1::uuid[]) ORDER BY id',
        [[notUuid.chargeId, tooManyAttempts.chargeId, refused.chargeId]],
      );
      expect(rows.map((r) => r.status)).toEqual(['PENDING', 'PENDING', 'PENDING']);
    },
    budget.jestTimeoutMs,
  );
});
