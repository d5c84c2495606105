import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, HEADERS, TollChargeResultV1 } from '@paystream/contracts';
import { createTestDatabase, TestDatabase } from '@paystream/db';
import { AppProcess, createTopic, deleteTopic, freePort, produceMessages, randomName, waitUntil } from '@paystream/testing';
import { Client } from 'pg';

const CHARGES = 400;

describe('db-sink killed mid-batch and restarted', () => {
  const topics = { results: randomName('results'), dlq: randomName('results-dlq') };
  const group = randomName('sink');
  let db: TestDatabase;
  let pg: Client;
  const sinks: AppProcess[] = [];

  const startSink = async () => {
    const sink = await AppProcess.start({
      app: 'db-sink',
      port: await freePort(),
      env: {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
        CHARGE_RESULTS_TOPIC: topics.results,
        CHARGE_RESULTS_DLQ_TOPIC: topics.dlq,
        CONSUMER_GROUP: group,
        // A killed member is noticed after the session timeout: short in tests.
        KAFKA_SESSION_TIMEOUT_MS: '8000',
        KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
        LOG_LEVEL: 'warn',
      },
    });
    sinks.push(sink);
    return sink;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await createTopic(topics.results, { partitions: 2 });
    await createTopic(topics.dlq);
  });

  afterAll(async () => {
    await Promise.allSettled(sinks.map((s) => s.kill('SIGTERM')));
    await pg?.end();
    await deleteTopic(topics.results, topics.dlq);
    await db?.drop();
  });

  it('applies every result once: one ledger row per event, every charge SETTLED, duplicates skipped', async () => {
    const { rows: charges } = await pg.query<{ id: string; plate: string }>(
      `WITH exits AS (
         INSERT INTO toll_exits (idempotency_key, plaza_id, lane_id, plate, vehicle_class, exited_at)
         SELECT gen_random_uuid()::text, 'P1', 'L1', 'SINK-' || (g % 50), 'car', now() FROM generate_series(1, $1) g
         RETURNING id, plate)
       INSERT INTO toll_charges (exit_id, plate, card_token, amount_minor, currency)
       SELECT id, plate, 'tok_visa', 250, 'EUR' FROM exits RETURNING id, plate`,
      [CHARGES],
    );
    const results: TollChargeResultV1[] = charges.map((c) => ({
      eventId: randomUUID(),
      schemaVersion: 1,
      chargeId: c.id,
      plate: c.plate,
      outcome: 'SETTLED',
      gatewayChargeId: randomUUID(),
      declineCode: null,
      reason: null,
      attempts: 1,
      decidedAt: new Date().toISOString(),
    }));
    const record = (r: TollChargeResultV1) => ({
      key: r.plate,
      value: r,
      headers: { [HEADERS.eventId]: r.eventId, [HEADERS.eventType]: EVENT_TYPES.tollChargeResult },
    });
    // Every result is published twice (a producer retry or a worker redelivery).
    await produceMessages(topics.results, [...results.map(record), ...results.slice(0, 100).map(record)]);

    const ledger = async () => Number((await pg.query<{ n: string }>('SELECT count(*) AS n FROM processed_events')).rows[0].n);
    const first = await startSink();
    await waitUntil(async () => (await ledger()) > 0, { description: 'the first batch written' });
    await first.kill('SIGKILL');
    await startSink();
    await waitUntil(async () => (await ledger()) === CHARGES, { timeoutMs: 90_000, description: 'every event in the ledger' });
    await waitUntil(async () => {
      const { rows } = await pg.query<{ n: string }>(`SELECT count(*) AS n FROM toll_charges WHERE status = 'SETTLED'`);
      return Number(rows[0].n) === CHARGES;
    }, { description: 'every charge SETTLED' });

    const { rows } = await pg.query<{ events: string; rows: string; applied: string }>(
      `SELECT count(DISTINCT event_id) AS events, count(*) AS rows, count(*) FILTER (WHERE outcome = 'SETTLED') AS applied FROM processed_events`,
    );
    expect(rows[0]).toEqual({ events: String(CHARGES), rows: String(CHARGES), applied: String(CHARGES) });
    const metrics = await (await fetch(`${sinks[1].url}/metrics`)).text();
    expect(Number(/db_sink_duplicates_skipped_total\{[^}]*\} (\d+)/.exec(metrics)?.[1] ?? 0)).toBeGreaterThan(0);
  });
});
