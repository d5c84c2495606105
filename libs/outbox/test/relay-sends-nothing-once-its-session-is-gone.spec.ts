import { OutboxPublisher, OutboxRelay, OutboxRelayOptions, OutboxRow } from '@paystream/outbox';
import { createTestDatabase, TestDatabase, waitUntil } from '@paystream/testing';
import { Client } from 'pg';

/**
 * Stands in for Kafka. When `hold()` was called, the next publish stops where
 * a frozen process would: rows read, send not yet started. `release()`
 * continues it, and it sends only if the relay's check right before the
 * send lets it (as the EventProducer does).
 */
class GatedPublisher implements OutboxPublisher {
  readonly sent: string[] = [];
  readonly isConnected = true;
  async connect(): Promise<void> {}
  private held: (() => void) | undefined;
  private holding = false;
  reachedGate = false;

  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.held?.();
  }

  async publish(rows: OutboxRow[], beforeEachSend?: () => void): Promise<void> {
    if (this.holding) {
      this.holding = false;
      this.reachedGate = true;
      await new Promise<void>((resolve) => (this.held = resolve));
    }
    beforeEachSend?.();
    this.sent.push(...rows.map((r) => r.eventId));
  }

  async reset(): Promise<void> {}
  async close(): Promise<void> {}
}

/**
 * The window the fence exists for: a relay has a batch read and is about to
 * send it when its session (and lock) goes away and another relay takes over.
 * Continued, it must send nothing: the new relay publishes those rows.
 */
describe('a relay whose session is gone before it sends', () => {
  let db: TestDatabase;
  let client: Client;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
  });

  afterAll(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await client?.end();
    await db?.drop();
  });

  const insert = (n: number) =>
    client.query(
      `INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, occurred_at)
       SELECT gen_random_uuid(), 'toll_charge', g::text, 'TollChargeRequested', 1, 't', 'PL-' || (g % 3), jsonb_build_object('n', g), now()
         FROM generate_series(1, $1) g`,
      [n],
    );

  it('sends nothing after a standby took over', async () => {
    const options: OutboxRelayOptions = {
      databaseUrl: db.url,
      batchSize: 50,
      pollIntervalMs: 200,
      standbyPollMs: 100,
      lockKey: 1 + Math.floor(Math.random() * 1_000_000_000),
      leaseMs: 10_000,
      holdAfterAttempts: 5,
      backoffMinMs: 10,
      backoffMaxMs: 50,
      retentionMs: 86_400_000,
      cleanupIntervalMs: 86_400_000,
      channel: 'outbox_events',
    };
    const oldPublisher = new GatedPublisher();
    const old = new OutboxRelay(options, oldPublisher);
    relays.push(old);
    old.start();
    await waitUntil(() => old.role === 'active', { description: 'old relay active' });

    oldPublisher.hold();
    await insert(120);
    await waitUntil(() => oldPublisher.reachedGate, { description: 'old relay about to send' });

    // Its session ends (as Postgres ends a frozen relay's after the lease); a standby takes over.
    await client.query(
      `SELECT pg_terminate_backend(pid) FROM pg_locks
        WHERE locktype = 'advisory' AND objid = $1::bigint::oid AND granted`,
      [options.lockKey],
    );
    const newPublisher = new GatedPublisher();
    const successor = new OutboxRelay(options, newPublisher);
    relays.push(successor);
    successor.start();
    await waitUntil(() => successor.role === 'active', { description: 'successor active' });
    await waitUntil(
      async () => {
        const { rows } = await client.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM outbox_events WHERE published_at IS NULL',
        );
        return rows[0].n === 0;
      },
      { description: 'successor published everything' },
    );

    // The old relay continues from where it stopped: rows in hand, send next.
    oldPublisher.release();
    await waitUntil(() => old.role === 'standby', { description: 'old relay back to standby' });
    expect(oldPublisher.sent).toEqual([]);
    expect(new Set(newPublisher.sent).size).toBe(120);
  });
});
