import { DLQ_ERROR_CLASSES, DLQ_HEADERS, TEST_CARD_TOKENS } from '@paystream/contracts';
import { produceMessages, waitForMessages, waitUntil } from '@paystream/testing';
import { chargeRecord } from './support/charge-record';
import { APP_START_TIMEOUT_MS, TollWorld } from './support/toll-world';

/**
 * One charge settles in well under a second on a quiet machine; on a loaded
 * 2-core one (JVMs, other suites) it can take far longer. Waits end as soon as
 * their condition holds, so generous deadlines cost nothing when all is well.
 */
const WAIT_MS = 120_000;
/** A scenario has up to three such waits in a row. */
const SCENARIO_TIMEOUT_MS = 3 * WAIT_MS;

/**
 * The whole asynchronous pipeline with real pieces: charge record → worker
 * (real gateway over HTTP, BullMQ retries in Redis) → results topic → db-sink →
 * Postgres. One world for the file; scenarios run in order.
 */
describe('charge worker → results → db-sink', () => {
  const world = new TollWorld({
    RETRY_BASE_DELAY_MS: '300',
    RETRY_MAX_DELAY_MS: '1500',
    PARTITION_CONCURRENCY: '4',
  });

  beforeAll(async () => {
    await world.start();
    await world.startWorker();
  }, APP_START_TIMEOUT_MS * 3);

  afterAll(async () => {
    await world.stop();
  }, 120_000);

  const finalRow = (chargeId: string) =>
    waitUntil(
      async () => {
        const row = await world.chargeRow(chargeId);
        return row.status !== 'PENDING' ? row : undefined;
      },
      { timeoutMs: WAIT_MS, description: `charge ${chargeId} leaves PENDING` },
    );

  it(
    'happy path: an approved charge is SETTLED in the database, charged once at the gateway',
    async () => {
      const charge = await world.seedCharge('HAPPY-1');
      await produceMessages(world.topics.charges, [chargeRecord(charge)]);
      const row = await finalRow(charge.chargeId);
      expect(row).toMatchObject({ status: 'SETTLED', attempts: 1, decline_code: null });
      expect(row.gateway_charge_id).not.toBeNull();
      expect(row.settled_at).not.toBeNull();
      expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'decline: the charge is DECLINED with the decline code',
    async () => {
      const charge = await world.seedCharge('DECL-1', TEST_CARD_TOKENS.insufficientFunds);
      await produceMessages(world.topics.charges, [chargeRecord(charge)]);
      const row = await finalRow(charge.chargeId);
      expect(row).toMatchObject({
        status: 'DECLINED',
        decline_code: 'insufficient_funds',
        attempts: 1,
      });
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'poison record: dead-lettered at once, and the next record of the partition is still processed',
    async () => {
      const next = await world.seedCharge('POISON-1');
      await produceMessages(world.topics.charges, [
        { key: 'POISON-1', value: '{"this is": not json', partition: 0 },
        { key: 'POISON-1', value: { chargeId: 'not-a-uuid' }, partition: 0 },
        { ...chargeRecord(next), partition: 0 },
      ]);
      expect((await finalRow(next.chargeId)).status).toBe('SETTLED');
      const letters = await waitForMessages(world.topics.chargesDlq, 2, { timeoutMs: WAIT_MS });
      const classes = letters
        .filter((l) => l.key === 'POISON-1')
        .map((l) => l.headers[DLQ_HEADERS.errorClass]);
      expect(classes.sort()).toEqual(
        [DLQ_ERROR_CLASSES.schemaInvalid, DLQ_ERROR_CLASSES.unparseable].sort(),
      );
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'gateway down for a while: retries (without blocking), then settles exactly once when it is back',
    async () => {
      await world.setGatewayFaults({ down: true });
      const charge = await world.seedCharge('DOWN-1');
      const other = await world.seedCharge('DOWN-2');
      await produceMessages(world.topics.charges, [chargeRecord(charge), chargeRecord(other)]);
      // The worker has handed both to the retry queue (the partition was not blocked).
      await waitUntil(
        async () => {
          const metrics = await (await fetch(`${world.workers[0].url}/metrics`)).text();
          const match = /charge_worker_retries_scheduled_total\{[^}]*\} (\d+)/.exec(metrics);
          return match && Number(match[1]) >= 2;
        },
        { timeoutMs: WAIT_MS, description: 'two retries scheduled' },
      );
      await world.setGatewayFaults({ down: false });
      const row = await finalRow(charge.chargeId);
      expect(row.status).toBe('SETTLED');
      expect(row.attempts).toBeGreaterThan(1);
      expect((await finalRow(other.chargeId)).status).toBe('SETTLED');
      expect(await world.gatewayCharges(charge.chargeId)).toBe(1);
      expect(await world.gatewayCharges(other.chargeId)).toBe(1);
    },
    SCENARIO_TIMEOUT_MS,
  );

  it(
    'a gateway answering 5xx for this card, again and again: retried past the old limit of 6 attempts, never FAILED nor dead-lettered',
    async () => {
      const charge = await world.seedCharge('FAIL-1', TEST_CARD_TOKENS.serverError);
      const before = await world.workerMetric(
        world.workers[0],
        'charge_worker_retries_scheduled_total',
      );
      await produceMessages(world.topics.charges, [chargeRecord(charge)]);
      // 5xx is transient (the acquirer's trouble, not the request's): only a permanent refusal ends a charge FAILED.
      await waitUntil(
        async () =>
          (await world.workerMetric(world.workers[0], 'charge_worker_retries_scheduled_total')) >=
          before + 8,
        {
          timeoutMs: WAIT_MS,
          description: 'eight retries of FAIL-1 scheduled',
        },
      );
      expect((await world.chargeRow(charge.chargeId)).status).toBe('PENDING');
      const letters = await waitForMessages(world.topics.chargesDlq, 2, { timeoutMs: WAIT_MS });
      expect(letters.filter((l) => l.key === 'FAIL-1')).toEqual([]);
    },
    SCENARIO_TIMEOUT_MS,
  );
});
