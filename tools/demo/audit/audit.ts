import { Client } from 'pg';

/**
 * What a violated check means for money: a charge lost (or goods given
 * without payment), a charge taken twice, a customer charged without the
 * goods/settlement, or an inconsistency that is none of those.
 */
export type ViolationKind = 'lost' | 'double' | 'withoutGoods' | 'other';

export interface AuditCheck {
  name: string;
  kind: ViolationKind;
  /** What must hold, in a sentence. */
  rule: string;
  ok: boolean;
  /** Rows that break the rule (0 when ok), and up to 5 examples. */
  violations: number;
  examples: unknown[];
}

export interface AuditResult {
  ok: boolean;
  checks: AuditCheck[];
  totals: Record<string, number | string>;
}

interface CheckSpec {
  name: string;
  kind: ViolationKind;
  rule: string;
  /** A query returning one row per violation. */
  sql: string;
}

/** The till sends the gateway `pos-<payment id>` as its idempotency key (apps/pos-api). */
/**
 * The proof, read from the databases (not from the demo's own counters):
 * nothing lost, nothing charged twice, nobody charged for shopping left behind.
 */
const CHECKS: CheckSpec[] = [
  {
    name: 'every exit has a charge',
    kind: 'lost',
    rule: 'each toll exit has exactly one toll charge',
    sql: `SELECT e.id FROM toll_exits e LEFT JOIN toll_charges c ON c.exit_id = e.id WHERE c.id IS NULL`,
  },
  {
    name: 'every exit has one final outcome',
    kind: 'lost',
    rule: 'no toll charge is still PENDING once the backlog has drained',
    sql: `SELECT id, status FROM toll_charges WHERE status = 'PENDING'`,
  },
  {
    name: 'one outcome per charge in the sink ledger',
    kind: 'other',
    rule: 'the sink never applied two different outcomes to one charge',
    sql: `SELECT charge_id, array_agg(DISTINCT outcome) AS outcomes FROM processed_events
          WHERE outcome <> 'stale' GROUP BY charge_id HAVING count(DISTINCT outcome) > 1`,
  },
  {
    name: 'every toll charge published once to the sink',
    kind: 'lost',
    rule: 'every final toll charge has at least one applied result in the ledger',
    sql: `SELECT c.id FROM toll_charges c WHERE c.status <> 'PENDING'
          AND NOT EXISTS (SELECT 1 FROM processed_events p WHERE p.charge_id = c.id AND p.outcome <> 'stale')`,
  },
  {
    name: 'no idempotency key approved twice',
    kind: 'double',
    rule: 'no gateway idempotency key has two approvals',
    sql: `SELECT idempotency_key, count(*) FROM gateway_charges WHERE status = 'approved'
          GROUP BY idempotency_key HAVING count(*) > 1`,
  },
  {
    name: 'settled tolls were charged',
    kind: 'lost',
    rule: 'each SETTLED toll charge has an approved gateway charge (key = charge id) for its amount',
    sql: `SELECT c.id FROM toll_charges c WHERE c.status = 'SETTLED'
          AND NOT EXISTS (SELECT 1 FROM gateway_charges g WHERE g.idempotency_key = c.id::text
                          AND g.status = 'approved' AND g.amount_minor = c.amount_minor)`,
  },
  {
    name: 'settled tolls were charged at most once',
    kind: 'double',
    rule: 'no SETTLED toll charge has more than one approved gateway charge',
    sql: `SELECT c.id FROM toll_charges c WHERE c.status = 'SETTLED'
          AND (SELECT count(*) FROM gateway_charges g
               WHERE g.idempotency_key = c.id::text AND g.status = 'approved') > 1`,
  },
  {
    name: 'every exit has one outbox event',
    kind: 'lost',
    rule: 'each toll charge has exactly one outbox event (its charge-requested event)',
    sql: `SELECT c.id, (SELECT count(*) FROM outbox_events o
                        WHERE o.aggregate_type = 'toll_charge' AND o.aggregate_id = c.id::text) AS events
          FROM toll_charges c WHERE (SELECT count(*) FROM outbox_events o
            WHERE o.aggregate_type = 'toll_charge' AND o.aggregate_id = c.id::text) <> 1`,
  },
  {
    name: 'every approved charge has its goods',
    kind: 'withoutGoods',
    rule:
      'each approved, unvoided gateway charge belongs to an approved till payment with a sale ' +
      'or to a SETTLED toll charge, for the same amount',
    sql: `SELECT g.idempotency_key, g.amount_minor FROM gateway_charges g WHERE g.status = 'approved'
          AND NOT EXISTS (SELECT 1 FROM toll_charges c WHERE c.id::text = g.idempotency_key
                          AND c.status = 'SETTLED' AND c.amount_minor = g.amount_minor)
          AND NOT EXISTS (SELECT 1 FROM pos_payments p JOIN sales s ON s.payment_id = p.id
                          WHERE 'pos-' || p.id::text = g.idempotency_key AND p.status = 'approved'
                          AND p.amount_minor = g.amount_minor)`,
  },
  {
    name: 'unsettled tolls were not charged',
    kind: 'withoutGoods',
    rule: 'no DECLINED or FAILED toll charge has an approved gateway charge',
    sql: `SELECT c.id, c.status FROM toll_charges c JOIN gateway_charges g
            ON g.idempotency_key = c.id::text AND g.status = 'approved'
          WHERE c.status IN ('DECLINED', 'FAILED')`,
  },
  {
    name: 'every approved till payment has a sale',
    kind: 'withoutGoods',
    rule: 'each approved till payment has exactly one sale (the customer took the shopping)',
    sql: `SELECT p.id FROM pos_payments p LEFT JOIN sales s ON s.payment_id = p.id
          WHERE p.status = 'approved' AND s.id IS NULL`,
  },
  {
    name: 'every approved till payment was charged',
    kind: 'lost',
    rule: 'each approved till payment has an approved charge at the gateway',
    sql: `SELECT p.id FROM pos_payments p WHERE p.status = 'approved' AND NOT EXISTS (SELECT 1 FROM gateway_charges g
            WHERE g.idempotency_key = 'pos-' || p.id::text AND g.status = 'approved')`,
  },
  {
    name: 'every approved till payment was charged at most once',
    kind: 'double',
    rule: 'no approved till payment has more than one approved charge at the gateway',
    sql: `SELECT p.id FROM pos_payments p WHERE p.status = 'approved' AND (SELECT count(*) FROM gateway_charges g
            WHERE g.idempotency_key = 'pos-' || p.id::text AND g.status = 'approved') > 1`,
  },
  {
    name: 'no sale without an approved payment',
    kind: 'lost',
    rule: 'no sale exists for a till payment that is not approved',
    sql: `SELECT s.id, p.status FROM sales s JOIN pos_payments p ON p.id = s.payment_id
          WHERE p.status <> 'approved'`,
  },
  {
    name: 'nobody charged for a till payment that failed',
    kind: 'withoutGoods',
    rule:
      'no till payment that was not approved (timed out, unavailable, declined, reversed) ' +
      'has an approved charge standing at the gateway',
    sql: `SELECT p.id, p.status, p.resolution FROM pos_payments p
          JOIN gateway_charges g ON g.idempotency_key = 'pos-' || p.id::text AND g.status = 'approved'
          WHERE p.status <> 'approved'`,
  },
  {
    name: 'no till payment left pending',
    kind: 'other',
    rule: 'no till payment is still pending (outcome never recorded) once the backlog has drained',
    sql: `SELECT id FROM pos_payments WHERE status = 'pending'`,
  },
  {
    name: 'timed-out till payments resolved',
    kind: 'other',
    rule: 'every till payment that timed out has a recorded resolution',
    sql: `SELECT id FROM pos_payments WHERE status = 'timed_out' AND resolution IS NULL`,
  },
];

/**
 * Restricts an audit to one slice of traffic (a chaos scenario): the toll
 * exits and till payments whose idempotency key starts with `keyPrefix`, what
 * hangs off them, and gateway charges made since `since` that belong to no
 * one (a charge without goods has no key to find it by).
 */
export interface AuditScope {
  keyPrefix: string;
  since: Date;
}

/**
 * Same-named TEMP tables shadow the real ones for this session only (pg_temp
 * comes first in the search path), so every check reads the slice with the
 * same SQL as the whole-database audit.
 */
async function applyScope(client: Client, scope: AuditScope): Promise<void> {
  const like = scope.keyPrefix.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
  const statements: Array<[string, unknown[]]> = [
    [
      `CREATE TEMP TABLE toll_exits AS SELECT * FROM public.toll_exits WHERE idempotency_key LIKE $1`,
      [like],
    ],
    [
      `CREATE TEMP TABLE toll_charges AS SELECT * FROM public.toll_charges WHERE exit_id IN (SELECT id FROM toll_exits)`,
      [],
    ],
    [
      `CREATE TEMP TABLE processed_events AS SELECT * FROM public.processed_events
        WHERE charge_id IN (SELECT id FROM toll_charges)`,
      [],
    ],
    [
      `CREATE TEMP TABLE outbox_events AS SELECT * FROM public.outbox_events
        WHERE aggregate_type = 'toll_charge' AND aggregate_id IN (SELECT id::text FROM toll_charges)`,
      [],
    ],
    [
      `CREATE TEMP TABLE pos_payments AS SELECT * FROM public.pos_payments WHERE idempotency_key LIKE $1`,
      [like],
    ],
    [
      `CREATE TEMP TABLE sales AS SELECT * FROM public.sales WHERE payment_id IN (SELECT id FROM pos_payments)`,
      [],
    ],
    [
      `CREATE TEMP TABLE gateway_charges AS SELECT g.* FROM public.gateway_charges g
        WHERE g.idempotency_key IN (SELECT id::text FROM toll_charges)
           OR g.idempotency_key IN (SELECT 'pos-' || id::text FROM pos_payments)
           OR (g.created_at >= $1
               AND NOT EXISTS (SELECT 1 FROM public.toll_charges c WHERE c.id::text = g.idempotency_key)
               AND NOT EXISTS (SELECT 1 FROM public.pos_payments p WHERE 'pos-' || p.id::text = g.idempotency_key))`,
      [scope.since],
    ],
  ];
  for (const [sql, params] of statements) await client.query(sql, params);
}

export async function runAudit(databaseUrl: string, scope?: AuditScope): Promise<AuditResult> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (scope) await applyScope(client, scope);
    const checks: AuditCheck[] = [];
    for (const spec of CHECKS) {
      const { rows } = await client.query(spec.sql);
      checks.push({
        name: spec.name,
        kind: spec.kind,
        rule: spec.rule,
        ok: rows.length === 0,
        violations: rows.length,
        examples: rows.slice(0, 5),
      });
    }
    const totals = await readTotals(client);
    return { ok: checks.every((c) => c.ok), checks, totals };
  } finally {
    await client.end();
  }
}

async function readTotals(client: Client): Promise<Record<string, number | string>> {
  const one = async (sql: string) => Number((await client.query(sql)).rows[0].n);
  return {
    tollExits: await one(`SELECT count(*) AS n FROM toll_exits`),
    tollSettled: await one(`SELECT count(*) AS n FROM toll_charges WHERE status = 'SETTLED'`),
    tollDeclined: await one(`SELECT count(*) AS n FROM toll_charges WHERE status = 'DECLINED'`),
    tollFailed: await one(`SELECT count(*) AS n FROM toll_charges WHERE status = 'FAILED'`),
    tollPending: await one(`SELECT count(*) AS n FROM toll_charges WHERE status = 'PENDING'`),
    tillPayments: await one(`SELECT count(*) AS n FROM pos_payments`),
    tillApproved: await one(`SELECT count(*) AS n FROM pos_payments WHERE status = 'approved'`),
    tillDeclined: await one(`SELECT count(*) AS n FROM pos_payments WHERE status = 'declined'`),
    tillUnresolved: await one(
      `SELECT count(*) AS n FROM pos_payments WHERE status IN ('pending', 'timed_out') AND resolution IS NULL`,
    ),
    sales: await one(`SELECT count(*) AS n FROM sales`),
    gatewayApproved: await one(
      `SELECT count(*) AS n FROM gateway_charges WHERE status = 'approved'`,
    ),
    gatewayVoided: await one(`SELECT count(*) AS n FROM gateway_charges WHERE status = 'voided'`),
    ledgerRows: await one(`SELECT count(*) AS n FROM processed_events`),
    ledgerDuplicatesSkippedAsStale: await one(
      `SELECT count(*) AS n FROM processed_events WHERE outcome = 'stale'`,
    ),
    outboxRows: await one(`SELECT count(*) AS n FROM outbox_events`),
  };
}
