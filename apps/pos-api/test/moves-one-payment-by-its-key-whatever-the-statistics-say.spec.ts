import { randomUUID } from 'node:crypto';
import { DatabasePool, PrismaService, SqlService } from '@paystream/db';
import { createTestDatabase, TestDatabase } from '@paystream/testing';
import { Client, Pool } from 'pg';
import { PaymentsRepository } from '../src/payment-records/payments.repository';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/** An index lookup of one id in the primary key; a bitmap scan only if its every index read is one. */
function byPrimaryKey(read: PlanNode): boolean {
  const lookups =
    read['Node Type'] === 'Bitmap Heap Scan'
      ? nodes(read).filter((n) => n['Node Type'] === 'Bitmap Index Scan')
      : [read];
  return (
    lookups.length > 0 &&
    lookups.every(
      (n) => n['Index Name'] === 'pos_payments_pkey' && /\bid = /.test(n['Index Cond'] ?? ''),
    )
  );
}

const PILE_UP = 20_000;

/** The steady state before an outage: settled payments, none pending (a payment is pending for the seconds of its call). */
const SETTLED = `INSERT INTO pos_payments (idempotency_key, request_hash, store_id, terminal_id, amount_minor,
    currency, card_token, mode, status, resolution, deadline_at)
  SELECT 'settled-' || g, repeat('a', 64), 'store-' || (g % 20), 'till-1', 1299, 'EUR', 'tok_visa', 'sync',
    (ARRAY['approved', 'approved', 'approved', 'declined', 'timed_out'])[1 + g % 5]::pos_payment_status,
    CASE WHEN g % 5 = 4 THEN 'charge_not_found'::pos_payment_resolution END, now() - interval '1 day'
  FROM generate_series(1, 2000) AS g`;

/** The gateway down in queue mode: thousands pending, a tenth timed out and not resolved yet. */
const PILED_UP = `INSERT INTO pos_payments (idempotency_key, request_hash, store_id, terminal_id, amount_minor,
    currency, card_token, mode, status, deadline_at)
  SELECT 'queued-' || g, repeat('a', 64), 'store-' || (g % 20), 'till-1', 1299, 'EUR', 'tok_visa', 'queue',
    (CASE WHEN g % 10 = 0 THEN 'timed_out' ELSE 'pending' END)::pos_payment_status, now() + interval '1 minute'
  FROM generate_series(1, ${PILE_UP}) AS g`;

type Move = (payments: PaymentsRepository, ids: { pending: string; timedOut: string }) => unknown;

/** Every statement of pos-api that moves (or reads) one payment by its id. */
const MOVES: [string, Move][] = [
  ['approve', (p, { pending }) => p.approve(pending, randomUUID())],
  [
    'finishPending (declined)',
    (p, { pending }) =>
      p.finishPending(pending, 'declined', {
        declineCode: 'insufficient_funds',
        gatewayChargeId: randomUUID(),
      }),
  ],
  ['finishPending (timed out)', (p, { pending }) => p.finishPending(pending, 'timed_out')],
  ['markReversed', (p, { pending }) => p.markReversed(pending, randomUUID())],
  ['markResolved', (p, { timedOut }) => p.markResolved(timedOut, 'charge_not_found')],
  ['markExpiredBeforeCall', (p, { timedOut }) => p.markExpiredBeforeCall(timedOut)],
  ['deferResolution', (p, { timedOut }) => p.deferResolution(timedOut, new Date(), 1_000, 60_000)],
  ['find', (p, { pending }) => p.find(pending)],
];

/**
 * Each of these statements touches one payment by its id, most with a `status = …` guard (move it
 * only if it is still pending). An outage piles up thousands of pending payments faster than
 * autovacuum re-analyses pos_payments; the statistics, taken when nothing was pending, then say
 * "status = 'pending' matches no row", and the planner may find the payment through the
 * (status, …) index, walking every pending row for each update: the drain of the pile-up turns
 * quadratic. Every read of pos_payments must be a primary-key lookup of the id, whatever the
 * statistics say: analysed before the pile-up, or never.
 */
describe.each([
  ['analysed before the pile-up', true],
  ['never analysed', false],
])('moving one payment of a pile-up of pending ones, statistics %s', (_, analysedBefore) => {
  let db: TestDatabase;
  let database: DatabasePool;
  let prisma: PrismaService;
  let payments: PaymentsRepository;
  let explainer: Client;
  let pending: string[];
  let timedOut: string[];
  let sent: jest.SpyInstance;

  beforeAll(async () => {
    db = await createTestDatabase();
    explainer = new Client({ connectionString: db.url });
    await explainer.connect();
    // No autovacuum analysis may catch up during the test: the statistics stay as after an outage.
    await explainer.query('ALTER TABLE pos_payments SET (autovacuum_enabled = false)');
    if (analysedBefore) {
      await explainer.query(SETTLED);
      await explainer.query('ANALYZE pos_payments');
    }
    await explainer.query(PILED_UP);
    const ids = async (status: string) =>
      (
        await explainer.query<{ id: string }>(
          `SELECT id::text AS id FROM pos_payments WHERE status = $1::pos_payment_status LIMIT 20`,
          [status],
        )
      ).rows.map((r) => r.id);
    pending = await ids('pending');
    timedOut = await ids('timed_out');
    database = new DatabasePool({ databaseUrl: db.url });
    prisma = new PrismaService(database);
    payments = new PaymentsRepository(new SqlService(database));
    // The statements exactly as the repository sends them (Prisma's adapter and SqlService both
    // query through the app's pg Pool).
    sent = jest.spyOn(Pool.prototype, 'query');
  });

  afterAll(async () => {
    sent?.mockRestore();
    await prisma?.$disconnect();
    await database?.onModuleDestroy();
    await explainer?.end();
    await db?.drop();
  });

  /** The statements on pos_payments that one call sends, with their parameters. */
  async function statementsOf(move: () => unknown): Promise<{ text: string; values: unknown[] }[]> {
    sent.mockClear();
    await move();
    return (
      sent.mock.calls
        // SqlService passes (text, values); Prisma's adapter passes a query config.
        .map(([query, values]) =>
          typeof query === 'string'
            ? { text: query, values: values as unknown[] }
            : (query as unknown),
        )
        .filter(
          (q): q is { text: string; values: unknown[] } => typeof q === 'object' && q !== null,
        )
        .filter((q) => /\bpos_payments\b/.test(q.text))
    );
  }

  it.each(MOVES.map(([name, move], i) => [name, move, i] as const))(
    '%s reads pos_payments by its primary key only',
    async (_name, move, i) => {
      const statements = await statementsOf(() =>
        move(payments, { pending: pending[i], timedOut: timedOut[i] }),
      );
      expect(statements.length).toBeGreaterThan(0);

      for (const { text, values } of statements) {
        const { rows } = await explainer.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${text}`,
          values,
        );
        const reads = nodes(rows[0]['QUERY PLAN'][0].Plan).filter(
          (n) => n['Relation Name'] === 'pos_payments' && n['Node Type'] !== 'ModifyTable',
        );
        expect(reads.length).toBeGreaterThan(0);
        // Not one planner's exact tree: any read of the table must be bounded by the id through the key.
        const others = reads.filter((n) => !byPrimaryKey(n));
        expect(
          others.map((n) => ({
            statement: text.replace(/\s+/g, ' ').trim().slice(0, 120),
            node: n['Node Type'],
            index: n['Index Name'],
            cond: n['Index Cond'],
          })),
        ).toEqual([]);
      }
    },
  );
});
