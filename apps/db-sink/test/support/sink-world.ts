import { EVENT_TYPES, HEADERS, TollChargeResultV1 } from '@paystream/contracts';
import {
  AppProcess,
  createTestDatabase,
  createTopic,
  deleteTopic,
  freePort,
  produceMessages,
  randomName,
  settledChargeResult,
  TestDatabase,
  TestRecord,
} from '@paystream/testing';
import { Client } from 'pg';

/** Starting a Nest app under swc-node takes seconds on a quiet machine and can take a minute or more on a loaded 2-core one. */
export const APP_START_TIMEOUT_MS = 180_000;
const PUBLISH_BATCH_SIZE = 100;
const SEEDED_AMOUNT_MINOR = 250;
const SEEDED_CURRENCY = 'EUR';
/** Results spread over a few plates (the Kafka key), so both partitions get work. */
const PLATES = 50;

/**
 * What a db-sink test needs, fresh per file: a migrated database with PENDING
 * charges, random results/DLQ topics and group, and db-sink processes started
 * on demand (real OS processes, so they can be SIGKILLed).
 */
export class SinkWorld {
  readonly topics = { results: randomName('results'), dlq: randomName('results-dlq') };
  readonly group = randomName('sink');
  db!: TestDatabase;
  pg!: Client;
  readonly sinks: AppProcess[] = [];

  constructor(private readonly sinkEnv: Record<string, string> = {}) {}

  async start(): Promise<void> {
    this.db = await createTestDatabase();
    this.pg = await this.connect();
    await createTopic(this.topics.results, { partitions: 2 });
    await createTopic(this.topics.dlq);
  }

  /** A new client on the test database (the old one does not survive terminated backends). */
  async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.db.url });
    // An idle client whose backend is terminated emits 'error'; without a listener that would crash the test worker.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  async startSink(): Promise<AppProcess> {
    const sink = await AppProcess.start({
      app: 'db-sink',
      port: await freePort(),
      timeoutMs: APP_START_TIMEOUT_MS,
      env: {
        DATABASE_URL: this.db.url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        CHARGE_RESULTS_TOPIC: this.topics.results,
        CHARGE_RESULTS_DLQ_TOPIC: this.topics.dlq,
        CONSUMER_GROUP: this.group,
        // A killed member is noticed after the session timeout: short in tests.
        KAFKA_SESSION_TIMEOUT_MS: '8000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
        LOG_LEVEL: 'warn',
        ...this.sinkEnv,
      },
    });
    this.sinks.push(sink);
    return sink;
  }

  /** `count` PENDING charges in ONE set-based statement, and a SETTLED result event for each. */
  async seedSettledResults(count: number): Promise<TollChargeResultV1[]> {
    const { rows } = await this.pg.query<{ id: string; plate: string }>(
      `WITH exits AS (
         INSERT INTO toll_exits (idempotency_key, plaza_id, lane_id, plate, vehicle_class, exited_at)
         SELECT gen_random_uuid()::text, 'P1', 'L1', 'SINK-' || (g % $2), 'car', now() FROM generate_series(1, $1) g
         RETURNING id, plate)
       INSERT INTO toll_charges (exit_id, plate, card_token, amount_minor, currency)
       SELECT id, plate, 'tok_visa', $3, $4 FROM exits RETURNING id, plate`,
      [count, PLATES, SEEDED_AMOUNT_MINOR, SEEDED_CURRENCY],
    );
    return rows.map((c) => settledChargeResult(c.id, c.plate));
  }

  /** Publishes results in batches, as the charge workers do. */
  async publish(results: TollChargeResultV1[], batchSize = PUBLISH_BATCH_SIZE): Promise<void> {
    const record = (r: TollChargeResultV1): TestRecord => ({
      key: r.plate,
      value: r,
      headers: { [HEADERS.eventId]: r.eventId, [HEADERS.eventType]: EVENT_TYPES.tollChargeResult },
    });
    for (let from = 0; from < results.length; from += batchSize) {
      await produceMessages(this.topics.results, results.slice(from, from + batchSize).map(record));
    }
  }

  async ledgerRows(client: Client = this.pg): Promise<number> {
    return Number(
      (await client.query<{ n: string }>('SELECT count(*) AS n FROM processed_events')).rows[0].n,
    );
  }

  async settledCharges(client: Client = this.pg): Promise<number> {
    const { rows } = await client.query<{ n: string }>(
      `SELECT count(*) AS n FROM toll_charges WHERE status = 'SETTLED'`,
    );
    return Number(rows[0].n);
  }

  /** Distinct events, rows and applied (SETTLED) rows in the ledger. */
  async ledgerSummary(
    client: Client = this.pg,
  ): Promise<{ events: string; rows: string; applied: string }> {
    const { rows } = await client.query<{ events: string; rows: string; applied: string }>(
      `SELECT count(DISTINCT event_id) AS events, count(*) AS rows, count(*) FILTER (WHERE outcome = 'SETTLED') AS applied FROM processed_events`,
    );
    return rows[0];
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.sinks.map((s) => s.kill('SIGTERM', 10_000)));
    await this.pg?.end().catch(() => undefined);
    await deleteTopic(this.topics.results, this.topics.dlq).catch(() => undefined);
    await this.db?.drop();
  }
}
