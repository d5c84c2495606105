import { randomUUID } from 'node:crypto';
import {
  TEST_CARD_TOKENS,
  TollChargeRequestedV1,
  ADMIN_TOKEN_HEADER,
  GatewayFaults,
} from '@paystream/contracts';
import {
  AppProcess,
  createTestDatabase,
  createTopic,
  deleteTopic,
  freePort,
  produceMessages,
  randomName,
  TestDatabase,
  waitUntil,
} from '@paystream/testing';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { chargeRecord } from './charge-record';

const SEEDED_AMOUNT_MINOR = 250;
const SEEDED_CURRENCY = 'EUR';
const PUBLISH_BATCH_SIZE = 250;
/** Starting a Nest app under swc-node takes seconds on a quiet machine and can take a minute or more on a loaded 2-core one. */
export const APP_START_TIMEOUT_MS = 180_000;

export interface TollWorldOptions {
  /** Extra environment of the payment gateway (e.g. HOLD_MAX_MS). */
  gatewayEnv?: Record<string, string>;
  /** Redis of the workers; default REDIS_URL (the shared one). */
  redisUrl?: string;
}

/**
 * Everything the charge pipeline needs, fresh per test file: a migrated
 * database, random topics/group/queue, the real payment gateway and db-sink
 * as OS processes, and charge-worker processes started on demand.
 */
export class TollWorld {
  readonly adminToken = randomName('admin-token-xxxxxxxx');
  readonly topics = {
    charges: randomName('charges'),
    results: randomName('results'),
    chargesDlq: randomName('charges-dlq'),
    resultsDlq: randomName('results-dlq'),
  };
  readonly workerGroup = randomName('workers');
  readonly sinkGroup = randomName('sink');
  readonly retryQueue = randomName('retries');
  readonly retryPrefix = randomName('bull');
  db!: TestDatabase;
  pg!: Client;
  gateway!: AppProcess;
  sink!: AppProcess;
  readonly workers: AppProcess[] = [];

  constructor(
    private readonly workerEnv: Record<string, string> = {},
    private readonly options: TollWorldOptions = {},
  ) {}

  /** The Redis the workers use (a test that restarts Redis passes its own private one). */
  get redisUrl(): string {
    return this.options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  }

  async start(): Promise<void> {
    this.db = await createTestDatabase();
    this.pg = new Client({ connectionString: this.db.url });
    await this.pg.connect();
    await createTopic(this.topics.charges, { partitions: 4 });
    await createTopic(this.topics.results, { partitions: 4 });
    await createTopic(this.topics.chargesDlq);
    await createTopic(this.topics.resultsDlq);
    // Both start at once: start-up is mostly compiling and loading, which overlaps well even on 2 cores.
    const [gateway, sink] = await Promise.allSettled([
      AppProcess.start({
        app: 'payment-gateway',
        port: await freePort(),
        timeoutMs: APP_START_TIMEOUT_MS,
        env: {
          DATABASE_URL: this.db.url,
          ADMIN_TOKEN: this.adminToken,
          LOG_LEVEL: 'warn',
          ...this.options.gatewayEnv,
        },
      }),
      this.startSink(),
    ]);
    // Keep whatever did start, so stop() ends it even when the other failed.
    if (gateway.status === 'fulfilled') this.gateway = gateway.value;
    if (sink.status === 'fulfilled') this.sink = sink.value;
    if (gateway.status === 'rejected') throw gateway.reason;
    if (sink.status === 'rejected') throw sink.reason;
  }

  async startSink(): Promise<AppProcess> {
    return AppProcess.start({
      app: 'db-sink',
      port: await freePort(),
      timeoutMs: APP_START_TIMEOUT_MS,
      env: {
        DATABASE_URL: this.db.url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        CHARGE_RESULTS_TOPIC: this.topics.results,
        CHARGE_RESULTS_DLQ_TOPIC: this.topics.resultsDlq,
        CONSUMER_GROUP: this.sinkGroup,
        LOG_LEVEL: 'warn',
      },
    });
  }

  async startWorker(): Promise<AppProcess> {
    const worker = await AppProcess.start({
      app: 'charge-worker',
      port: await freePort(),
      timeoutMs: APP_START_TIMEOUT_MS,
      env: {
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        REDIS_URL: this.redisUrl,
        DATABASE_URL: this.db.url,
        GATEWAY_URL: this.gateway.url,
        CHARGES_TOPIC: this.topics.charges,
        CHARGE_RESULTS_TOPIC: this.topics.results,
        CHARGES_DLQ_TOPIC: this.topics.chargesDlq,
        CONSUMER_GROUP: this.workerGroup,
        RETRY_QUEUE_NAME: this.retryQueue,
        RETRY_QUEUE_PREFIX: this.retryPrefix,
        // A killed member is noticed after the session timeout: short in tests.
        KAFKA_SESSION_TIMEOUT_MS: '8000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
        LOG_LEVEL: 'warn',
        ...this.workerEnv,
      },
    });
    this.workers.push(worker);
    return worker;
  }

  async setGatewayFaults(faults: Partial<GatewayFaults>): Promise<void> {
    const res = await fetch(`${this.gateway.url}/admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', [ADMIN_TOKEN_HEADER]: this.adminToken },
      body: JSON.stringify(faults),
    });
    if (!res.ok) throw new Error(`faults: ${res.status} ${await res.text()}`);
  }

  /** Inserts an exit and its PENDING charge (what toll-api does) and returns the charge event. */
  async seedCharge(
    plate: string,
    cardToken: string = TEST_CARD_TOKENS.approve,
  ): Promise<TollChargeRequestedV1> {
    const [charge] = await this.seedCharges([plate], cardToken);
    return charge;
  }

  /**
   * One exit and one PENDING charge per plate, in ONE set-based statement
   * (thousands of single-row round trips are what made seeding slow on a busy
   * machine), and the charge events the outbox relay would publish for them.
   */
  async seedCharges(
    plates: string[],
    cardToken: string = TEST_CARD_TOKENS.approve,
  ): Promise<TollChargeRequestedV1[]> {
    const exitedAt = new Date().toISOString();
    const { rows } = await this.pg.query<{ id: string; plate: string }>(
      `WITH exits AS (
         INSERT INTO toll_exits (idempotency_key, plaza_id, lane_id, plate, vehicle_class, exited_at)
         SELECT gen_random_uuid()::text, 'P1', 'L1', plate, 'car', $2 FROM unnest($1::text[]) AS input(plate)
         RETURNING id, plate)
       INSERT INTO toll_charges (exit_id, plate, card_token, amount_minor, currency)
       SELECT id, plate, $3, $4, $5 FROM exits RETURNING id, plate`,
      [plates, exitedAt, cardToken, SEEDED_AMOUNT_MINOR, SEEDED_CURRENCY],
    );
    return rows.map((row) => ({
      eventId: randomUUID(),
      schemaVersion: 1,
      chargeId: row.id,
      plate: row.plate,
      vehicleClass: 'car',
      plazaId: 'P1',
      laneId: 'L1',
      entryPlazaId: null,
      exitedAt,
      amountMinor: SEEDED_AMOUNT_MINOR,
      currency: SEEDED_CURRENCY,
      cardToken,
    }));
  }

  /** Publishes charge records in batches, as the relay does (one huge produce request is not what production sends). */
  async publishCharges(
    charges: TollChargeRequestedV1[],
    batchSize = PUBLISH_BATCH_SIZE,
  ): Promise<void> {
    for (let from = 0; from < charges.length; from += batchSize) {
      await produceMessages(
        this.topics.charges,
        charges.slice(from, from + batchSize).map(chargeRecord),
      );
    }
  }

  async chargeRow(chargeId: string) {
    const { rows } = await this.pg.query<{
      status: string;
      attempts: number;
      decline_code: string | null;
      gateway_charge_id: string | null;
      settled_at: Date | null;
    }>(
      'SELECT status, attempts, decline_code, gateway_charge_id, settled_at FROM toll_charges WHERE id = $1',
      [chargeId],
    );
    return rows[0];
  }

  /** Approved gateway charges made with this idempotency key (the charge id). */
  async gatewayCharges(chargeId: string): Promise<number> {
    const { rows } = await this.pg.query<{ n: string }>(
      `SELECT count(*) AS n FROM gateway_charges WHERE idempotency_key = $1 AND status = 'approved'`,
      [chargeId],
    );
    return Number(rows[0].n);
  }

  /** Waits until none of these charges is PENDING; resolves with their counts per status. */
  async waitUntilDecided(chargeIds: string[], timeoutMs: number): Promise<Record<string, number>> {
    return waitUntil(
      async () => {
        const { rows } = await this.pg.query<{ status: string; n: string }>(
          'SELECT status, count(*) AS n FROM toll_charges WHERE id = ANY($1::uuid[]) GROUP BY status',
          [chargeIds],
        );
        const counts = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
        return (counts.PENDING ?? 0) === 0 ? counts : undefined;
      },
      { timeoutMs, intervalMs: 500, description: `${chargeIds.length} charges leave PENDING` },
    );
  }

  /** Counts of toll charges per status. */
  async statusCounts(): Promise<Record<string, number>> {
    const { rows } = await this.pg.query<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM toll_charges GROUP BY status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** A counter of a worker's /metrics (sum over its label sets); 0 when absent. */
  async workerMetric(worker: AppProcess, name: string): Promise<number> {
    const text = await (await fetch(`${worker.url}/metrics`)).text();
    let sum = 0;
    for (const match of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm')))
      sum += Number(match[1]);
    return sum;
  }

  /** The worker's own keys beside BullMQ's (next-job pointers, re-drive claims) under the random prefix. */
  private async removeRedisKeys(): Promise<void> {
    const redis = new Redis(this.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(
          cursor,
          'MATCH',
          `${this.retryPrefix}:*`,
          'COUNT',
          1000,
        );
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }

  async stop(): Promise<void> {
    await Promise.allSettled(
      [...this.workers, this.sink, this.gateway]
        .filter(Boolean)
        .map((p) => p.kill('SIGTERM', 10_000)),
    );
    const queue = new Queue(this.retryQueue, {
      connection: { url: this.redisUrl, maxRetriesPerRequest: 1 },
      prefix: this.retryPrefix,
    });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
    await this.removeRedisKeys().catch(() => undefined);
    await this.pg?.end().catch(() => undefined);
    await deleteTopic(...Object.values(this.topics)).catch(() => undefined);
    await this.db?.drop();
  }
}
