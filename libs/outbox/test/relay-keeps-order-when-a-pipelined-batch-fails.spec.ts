import { KafkaUnavailableError } from '@paystream/kafka';
import { OutboxPublisher, OutboxRelay, OutboxRow } from '@paystream/outbox';
import { createTestDatabase, TestDatabase, waitUntil } from '@paystream/testing';
import { Client } from 'pg';

const ROWS = 1_200;
const BATCH = 100;
/** The publish call that fails, once: while it is in flight the relay has already read ahead. */
const FAILING_CALL = 4;

/**
 * A publisher standing in for Kafka, which is not what this test is about:
 * it records what was "acknowledged", takes a few milliseconds per batch (so
 * the relay's read-ahead and mark-behind really overlap it) and fails once.
 */
class RecordingPublisher implements OutboxPublisher {
  readonly acknowledged: string[][] = [];
  readonly failed: string[][] = [];
  resets = 0;
  private calls = 0;
  readonly isConnected = true;
  async connect(): Promise<void> {}

  async publish(rows: OutboxRow[]): Promise<void> {
    this.calls += 1;
    await new Promise((r) => setTimeout(r, 5));
    if (this.calls === FAILING_CALL) {
      this.failed.push(rows.map((r) => r.id));
      // Kafka's fault, not a row's: the whole batch is retried (a row's fault is isolated instead).
      throw new KafkaUnavailableError('broker refused the batch');
    }
    this.acknowledged.push(rows.map((r) => r.id));
  }

  async reset(): Promise<void> {
    this.resets += 1;
  }

  async close(): Promise<void> {}
}

/**
 * The relay reads the next batch while one is being sent and marks a batch
 * while the next is sent. A failed send must throw that read-ahead away: no
 * row after the failed batch may be acknowledged before the failed batch is.
 */
describe('outbox relay pipelining against a real Postgres', () => {
  let db: TestDatabase;
  let client: Client;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, occurred_at)
       SELECT gen_random_uuid(), 'toll_charge', g::text, 'TollChargeRequested', 1, 't', 'PL-' || (g % 7), jsonb_build_object('n', g), now()
         FROM generate_series(1, $1) g`,
      [ROWS],
    );
  });

  afterAll(async () => {
    await relay?.stop();
    await client?.end();
    await db?.drop();
  });

  it('sends every row once in id order, retrying the failed batch before anything after it', async () => {
    const publisher = new RecordingPublisher();
    const failures: number[] = [];
    relay = new OutboxRelay(
      {
        databaseUrl: db.url,
        batchSize: BATCH,
        pollIntervalMs: 1_000,
        standbyPollMs: 100,
        lockKey: Math.floor(Math.random() * 1_000_000_000),
        leaseMs: 10_000,
        holdAfterAttempts: 5,
        backoffMinMs: 10,
        backoffMaxMs: 50,
        retentionMs: 86_400_000,
        cleanupIntervalMs: 86_400_000,
        channel: 'outbox_events',
      },
      publisher,
      { onPublishFailed: (_error, rows) => failures.push(rows) },
    );
    relay.start();
    const unpublished = async () =>
      Number(
        (
          await client.query<{ n: string }>(
            'SELECT count(*) AS n FROM outbox_events WHERE published_at IS NULL',
          )
        ).rows[0].n,
      );
    await waitUntil(async () => (await unpublished()) === 0, {
      timeoutMs: 60_000,
      description: 'outbox drained',
    });

    const { rows } = await client.query<{ id: string }>(
      'SELECT o.id::text AS id FROM outbox_events o ORDER BY o.id',
    );
    const inIdOrder = rows.map((r) => r.id);
    // Everything acknowledged, in the order of the table, each row exactly once.
    expect(publisher.acknowledged.flat()).toEqual(inIdOrder);
    // The failed batch is the one that came next, and it was sent again, whole, right after.
    expect(failures).toEqual([BATCH]);
    expect(publisher.failed).toEqual([
      inIdOrder.slice((FAILING_CALL - 1) * BATCH, FAILING_CALL * BATCH),
    ]);
    expect(publisher.acknowledged[FAILING_CALL - 1]).toEqual(publisher.failed[0]);
    expect(publisher.resets).toBe(1);
    const attempts = await client.query<{ attempts: number; n: string }>(
      'SELECT publish_attempts AS attempts, count(*) AS n FROM outbox_events GROUP BY 1 ORDER BY 1',
    );
    expect(attempts.rows.map((r) => [r.attempts, Number(r.n)])).toEqual([
      [1, ROWS - BATCH],
      [2, BATCH],
    ]);
  });
});
