import { createPrismaClient, Prisma, PrismaClient } from '@paystream/db';
import { createTestDatabase, settledChargeResult, TestDatabase } from '@paystream/testing';
import { moveChargesForwardStatement } from '../src/sink/charge-results.sql';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

const CHARGES = 20_000;
const BATCH = 500;

/**
 * The sink's forward-only UPDATE of a batch of 500 charges, planned against a
 * table of 20,000 with fresh statistics: its read of toll_charges must be
 * bounded by the batch's ids. Joined on the unnest alone, the planner scanned
 * and hashed every charge for every batch.
 */
describe('the sink moving a batch of charges forward', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let ids: string[];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrismaClient(db.url);
    await prisma.$executeRaw`
      INSERT INTO toll_exits (id, idempotency_key, plaza_id, lane_id, plate, vehicle_class, exited_at)
      SELECT gen_random_uuid(), 'seed-' || g, 'PLZ-B', 'L03', 'PLATE-' || (g % 500), 'car', now()
        FROM generate_series(1, ${CHARGES}) AS g`;
    await prisma.$executeRaw`
      INSERT INTO toll_charges (id, exit_id, plate, card_token, amount_minor, currency)
      SELECT gen_random_uuid(), id, plate, 'tok_visa', 320, 'EUR' FROM toll_exits`;
    await prisma.$executeRaw`ANALYZE toll_charges`;
    const rows = await prisma.$queryRaw<Array<{ id: string }>>`
      SELECT id::text AS id FROM toll_charges ORDER BY random() LIMIT ${BATCH}`;
    ids = rows.map((r) => r.id);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  const settled = (chargeId: string) => settledChargeResult(chargeId, 'PLATE-1');

  it('reads only the batch of toll_charges, never the whole table unfiltered', async () => {
    const statement = moveChargesForwardStatement(ids.map(settled));
    const [{ 'QUERY PLAN': plan }] = await prisma.$queryRaw<
      Array<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>
    >(Prisma.sql`EXPLAIN (FORMAT JSON) ${statement}`);
    const scans = nodes(plan[0].Plan).filter(
      (n) => n['Relation Name'] === 'toll_charges' && n['Node Type'] !== 'ModifyTable',
    );

    expect(scans.length).toBeGreaterThan(0);
    // Every read of the table is bounded by the batch's ids: through the primary key (Postgres 18
    // here) or, on a small table, a scan filtered by them (Postgres 15). Without the bound, a bare
    // Seq Scan fed a hash join of every charge.
    for (const scan of scans) expect(JSON.stringify(scan)).toMatch(/\bid = ANY\b/);
  });

  it('settles exactly the batch', async () => {
    const moved = await prisma.$executeRaw(moveChargesForwardStatement(ids.map(settled)));
    const counts = await prisma.$queryRaw<Array<{ settled: number }>>`
      SELECT count(*)::int AS settled FROM toll_charges WHERE status = 'SETTLED'`;

    expect(moved).toBe(BATCH);
    expect(counts[0].settled).toBe(BATCH);
  });
});
