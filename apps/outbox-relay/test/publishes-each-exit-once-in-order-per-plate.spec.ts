import { EVENT_TYPES, HEADERS, tollChargeRequestedV1Schema } from '@paystream/contracts';
import { AppProcess, freePort, waitUntil } from '@paystream/testing';
import { startRelay } from './support/start-relay';
import { useRelayWorld } from './support/relay-world';

// Real processes and brokers: the project-level testTimeout is not applied to every hook.
jest.setTimeout(180_000);

describe('toll-api → outbox → relay → Kafka', () => {
  const world = useRelayWorld();
  let tollApi: AppProcess;
  let relay: AppProcess;
  let lane = 0;

  const exit = async (plate: string, key = `lane-evt-${process.pid}-${Date.now()}-${++lane}`) => {
    const res = await fetch(`${tollApi.url}/toll/exits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({
        plazaId: 'PLZ-C',
        laneId: 'L1',
        plate,
        vehicleClass: 'car',
        cardToken: 'tok_visa',
        entryPlazaId: 'PLZ-A',
      }),
    });
    expect(res.status).toBe(202);
    return { key, body: (await res.json()) as { chargeId: string } };
  };

  beforeAll(async () => {
    [tollApi, relay] = await Promise.all([
      (async () =>
        AppProcess.start({
          app: 'toll-api',
          port: await freePort(),
          env: { DATABASE_URL: world.db.url, TOLL_CHARGES_TOPIC: world.topic, LOG_LEVEL: 'warn' },
        }))(),
      startRelay({ databaseUrl: world.db.url, brokers: world.brokers.join(',') }, 'ready'),
    ]);
  }, 120_000);

  it('an exit becomes exactly one record with the plate as key, the event as value and the standard headers; a replay adds none', async () => {
    const { key, body } = await exit('EX-1');
    const row = await world.prisma.outboxEvent.findFirstOrThrow({
      where: { aggregateId: body.chargeId },
    });
    await world.collector.waitForEvents([row.eventId]);
    await waitUntil(
      async () =>
        (await world.prisma.outboxEvent.findUniqueOrThrow({ where: { id: row.id } }))
          .publishedAt !== null,
    );

    // Replay the same exit, then publish a marker: once the marker is on the topic the replay would be too.
    const replay = await exit('EX-1', key);
    expect(replay.body.chargeId).toBe(body.chargeId);
    const marker = await exit('EX-MARKER');
    const markerRow = await world.prisma.outboxEvent.findFirstOrThrow({
      where: { aggregateId: marker.body.chargeId },
    });
    await world.collector.waitForEvents([markerRow.eventId]);

    const records = world.collector.records.filter((r) => r.key === 'EX-1');
    expect(records).toHaveLength(1);
    const [record] = records;
    // The value is the JSON toll-api wrote, byte for byte: stored as written (a json column, not
    // jsonb, which reorders and re-spaces keys) and published without a parse and a new print.
    const [{ stored }] = await world.prisma.$queryRaw<Array<{ stored: string }>>`
      SELECT payload::text AS stored FROM outbox_events WHERE id = ${row.id}`;
    expect(stored).toBe(JSON.stringify(JSON.parse(stored)));
    expect(record.text).toBe(stored);
    const value = tollChargeRequestedV1Schema.parse(record.value);
    expect(value).toMatchObject({
      eventId: row.eventId,
      chargeId: body.chargeId,
      plate: 'EX-1',
      amountMinor: 770,
      currency: 'EUR',
    });
    expect(record.headers).toMatchObject({
      [HEADERS.eventId]: row.eventId,
      [HEADERS.eventType]: EVENT_TYPES.tollChargeRequested,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.occurredAt]: row.occurredAt.toISOString(),
    });
  });

  it('N exits of one plate arrive in order on one partition', async () => {
    const plate = 'ORD-42';
    const chargeIds: string[] = [];
    for (let i = 0; i < 15; i++) chargeIds.push((await exit(plate)).body.chargeId);
    const rows = await world.prisma.outboxEvent.findMany({
      where: { key: plate },
      orderBy: { id: 'asc' },
    });
    await world.collector.waitForEvents(rows.map((r) => r.eventId));
    const records = world.collector.records.filter((r) => r.key === plate);
    expect(records.map((r) => r.value.chargeId)).toEqual(chargeIds);
    expect(new Set(records.map((r) => r.partition)).size).toBe(1);
  });

  it('reports backlog and publish metrics', async () => {
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/^outbox_backlog_rows(\{[^}]*\})? 0$/m);
    expect(metrics).toMatch(/^outbox_relay_published_rows_total(\{[^}]*\})? ([1-9]\d*)$/m);
    expect(metrics).toContain('outbox_relay_publish_seconds_bucket');
    expect(metrics).toContain('outbox_oldest_unpublished_age_seconds');
  });
});
