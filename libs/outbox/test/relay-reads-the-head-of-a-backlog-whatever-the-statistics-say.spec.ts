import { createTestDatabase, TestDatabase } from '@paystream/testing';
import { Client } from 'pg';
import { FETCH_BATCH_SQL, PLAN_SESSION_SQL } from '../src/relay/outbox-relay.sql';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * A backlog builds up while Kafka is down, usually faster than autovacuum
 * re-analyses the table: the statistics still say "almost nothing is
 * unpublished". Planned from those, the batch read fetched and sorted the
 * whole backlog for every batch of 500 (a drain quadratic in the backlog:
 * 183 ms per read at 42k rows). The relay's session plans it as a walk of the
 * unpublished index in id order that stops at the batch size, whatever the
 * statistics say.
 */
describe('the relay batch read on a backlog the planner has no statistics for', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    // No autovacuum analysis may catch up during the test: the statistics stay as stale as after an outage.
    await client.query('ALTER TABLE outbox_events SET (autovacuum_enabled = false)');
    await client.query(
      `INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, headers, occurred_at)
       SELECT gen_random_uuid(), 'toll_charge', g::text, 'TollChargeRequested', 1, 'charges', 'PLATE-' || (g % 500),
              jsonb_build_object('n', g), '{}'::jsonb, now()
         FROM generate_series(1, 20000) AS g`,
    );
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  async function planOfBatchRead(): Promise<PlanNode[]> {
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON) ${FETCH_BATCH_SQL}`,
      [500, ['1', '2']],
    );
    return nodes(rows[0]['QUERY PLAN'][0].Plan);
  }

  it('walks the unpublished index in id order and sorts nothing', async () => {
    await client.query(PLAN_SESSION_SQL);
    const plan = await planOfBatchRead();

    expect(plan.map((n) => n['Node Type'])).not.toContain('Sort');
    expect(plan.map((n) => n['Node Type'])).not.toContain('Bitmap Heap Scan');
    expect(plan).toContainEqual(
      expect.objectContaining({
        'Node Type': 'Index Scan',
        'Index Name': 'outbox_events_unpublished_idx',
      }),
    );
  });

  it('reads the 500 oldest unpublished rows but those in flight', async () => {
    await client.query(PLAN_SESSION_SQL);
    const { rows } = await client.query<{ id: string }>(FETCH_BATCH_SQL, [500, ['1', '2']]);

    expect(rows.map((r) => Number(r.id))).toEqual(Array.from({ length: 500 }, (_, i) => i + 3));
  });
});
