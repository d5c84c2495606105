import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import { runAudit } from '../../tools/demo/audit/audit';

/**
 * The chaos run audits each scenario on its own traffic (key prefix) with the
 * demo's checks. A violation in one scenario must show in that scenario's
 * audit, not in its neighbour's, and a charge nobody owns must still be found.
 */
describe('audit scoped to one scenario', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase(process.env.DATABASE_URL!);
    client = new Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  /** An exit with its charge, outbox event, ledger row and (if approved) gateway charge. */
  async function tollCharge(
    key: string,
    status: string,
    approvedAtGateway: boolean,
  ): Promise<string> {
    const exitId = randomUUID();
    const chargeId = randomUUID();
    await client.query(
      `INSERT INTO toll_exits (id, idempotency_key, plaza_id, lane_id, plate, vehicle_class, exited_at)
       VALUES ($1, $2, 'P1', 'lane-1', 'AB-1', 'car', now())`,
      [exitId, key],
    );
    await client.query(
      `INSERT INTO toll_charges (id, exit_id, plate, card_token, amount_minor, currency, status, status_rank)
       VALUES ($1, $2, 'AB-1', 'tok', 250, 'EUR', $3::toll_charge_status, 2)`,
      [chargeId, exitId, status],
    );
    await client.query(
      `INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, occurred_at, published_at)
       VALUES ($1, 'toll_charge', $2, 'toll.charge.requested', 1, 'toll.charges.v1', 'AB-1', '{}', now(), now())`,
      [randomUUID(), chargeId],
    );
    await client.query(
      `INSERT INTO processed_events (event_id, topic, kafka_partition, kafka_offset, charge_id, outcome)
       VALUES ($1, 'toll.charge-results.v1', 0, 0, $2, $3)`,
      [randomUUID(), chargeId, status],
    );
    if (approvedAtGateway) await gatewayCharge(chargeId, 250);
    return chargeId;
  }

  async function gatewayCharge(key: string, amount: number): Promise<void> {
    await client.query(
      `INSERT INTO gateway_charges (idempotency_key, request_hash, amount_minor, currency, card_token, status)
       VALUES ($1, repeat('0', 64), $2, 'EUR', 'tok', 'approved')`,
      [key, amount],
    );
  }

  it('charges a violation to the scenario it happened in, and finds charges nobody owns', async () => {
    const before = new Date(Date.now() - 1_000);
    await tollCharge('demo-run-a-exit-1', 'SETTLED', true);
    await tollCharge('demo-run-b-exit-1', 'DECLINED', true); // declined, yet charged

    const a = await runAudit(db.url, {
      keyPrefix: 'demo-run-a-',
      since: new Date(Date.now() + 60_000),
    });
    const b = await runAudit(db.url, {
      keyPrefix: 'demo-run-b-',
      since: new Date(Date.now() + 60_000),
    });
    expect(a.ok).toBe(true);
    expect(a.totals.tollSettled).toBe(1);
    const failed = (r: typeof b) =>
      Object.fromEntries(r.checks.filter((c) => !c.ok).map((c) => [c.name, c.violations]));
    expect(failed(b)).toEqual({
      'unsettled tolls were not charged': 1,
      'every approved charge has its goods': 1,
    });

    // A gateway charge whose key matches no payment and no toll charge: it belongs to the window it was made in.
    await gatewayCharge('pos-00000000-0000-0000-0000-000000000000', 999);
    const inWindow = await runAudit(db.url, { keyPrefix: 'demo-run-a-', since: before });
    expect(failed(inWindow)).toEqual({ 'every approved charge has its goods': 1 });
    const later = await runAudit(db.url, {
      keyPrefix: 'demo-run-a-',
      since: new Date(Date.now() + 60_000),
    });
    expect(later.ok).toBe(true);
  });
});
