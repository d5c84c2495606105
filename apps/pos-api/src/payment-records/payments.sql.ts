import {
  Prisma,
  PosPaymentStatus,
  type PosAttemptOutcome,
  type PosPayment,
  type PosPaymentAttempt,
  type PosPaymentMode,
  type PosPaymentResolution,
} from '@paystream/db';
import type { PaymentMove } from './call-outcome';

// The till's hot-path SQL, one statement per step (issue 17, as the toll intake's exit-intake.sql.ts):
// each model call costs a round trip and a pass of Prisma's query compiler, and an interactive
// transaction four round trips plus a dedicated connection. A single statement is atomic by itself.
// Prisma stays the schema, the migrations and every other query; the columns and values are the
// ones the model calls wrote (updated_at included, which Prisma's @updatedAt set for them).

/** Every column of pos_payments, named as Prisma's PosPayment names them. */
const PAYMENT_COLUMNS =
  Prisma.raw(`id, idempotency_key AS "idempotencyKey", request_hash AS "requestHash",
  store_id AS "storeId", terminal_id AS "terminalId", amount_minor AS "amountMinor", currency,
  card_token AS "cardToken", mode::text AS mode, status::text AS status, resolution::text AS resolution,
  decline_code AS "declineCode", gateway_charge_id AS "gatewayChargeId", deadline_at AS "deadlineAt",
  resolution_attempts AS "resolutionAttempts", next_resolution_at AS "nextResolutionAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`);

/** A new till payment, before anything else happens to it. */
export interface NewPayment {
  idempotencyKey: string;
  requestHash: string;
  storeId: string;
  terminalId: string;
  amountMinor: number;
  currency: string;
  cardToken: string;
  mode: PosPaymentMode;
  deadlineAt: Date;
  now: Date;
}

/**
 * Inserts the pending payment, or nothing when its idempotency key is taken (no row returned: the
 * caller reads the existing one). Returns the new row as Prisma's PosPayment.
 */
export function createPaymentStatement(p: NewPayment): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO pos_payments (idempotency_key, request_hash, store_id, terminal_id, amount_minor,
      currency, card_token, mode, status, deadline_at, resolution_attempts, created_at, updated_at)
    VALUES (${p.idempotencyKey}, ${p.requestHash}, ${p.storeId}, ${p.terminalId}, ${p.amountMinor}::int,
      ${p.currency}, ${p.cardToken}, ${p.mode}::pos_payment_mode,
      ${PosPaymentStatus.pending}::pos_payment_status, ${p.deadlineAt}::timestamptz, 0,
      ${p.now}::timestamptz, ${p.now}::timestamptz)
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING ${PAYMENT_COLUMNS}`;
}

/** A payment as createPaymentWithFirstAttemptStatement returns it. */
export type PaymentWithFirstAttemptRow = PosPayment & { firstAttemptId: string };

/**
 * The synchronous till's first step: the pending payment and its attempt 1, both written before
 * the gateway is called, in one statement (so one round trip, and never one without the other).
 * A taken key inserts neither and returns no row, as createPaymentStatement.
 */
export function createPaymentWithFirstAttemptStatement(p: NewPayment): Prisma.Sql {
  return Prisma.sql`
    WITH payment AS (${createPaymentStatement(p)}),
    attempt AS (
      INSERT INTO pos_payment_attempts (payment_id, attempt_no, started_at)
      SELECT id, 1, ${p.now}::timestamptz FROM payment
      RETURNING id
    )
    SELECT payment.*, attempt.id AS "firstAttemptId" FROM payment CROSS JOIN attempt`;
}

/**
 * The next attempt of a payment, numbered after the ones before it (1 for the first): the count
 * and the insert in one statement. Two concurrent starts on one payment still collide on the
 * unique (payment_id, attempt_no), as the count-then-insert did.
 */
export function startAttemptStatement(paymentId: string, startedAt: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO pos_payment_attempts (payment_id, attempt_no, started_at)
    SELECT ${paymentId}::uuid, COALESCE(MAX(attempt_no), 0) + 1, ${startedAt}::timestamptz
    FROM pos_payment_attempts
    WHERE payment_id = ${paymentId}::uuid
    RETURNING id`;
}

/**
 * "Still pending" (approve, finishPending), written so that no index can serve it: the payment is
 * found by its primary key and this is checked on that one row. An outage piles up pending
 * payments faster than autovacuum re-analyses pos_payments; from statistics taken when nothing was
 * pending ("status = 'pending' matches no row"), Postgres 15 and 18 both planned
 * `id = $1 AND status = 'pending'` as a walk of the (status, next_resolution_at) index filtered by
 * id: every pending row read for each update (3.8 ms with 18,000 pending, 0.1 ms by the key), a
 * drain quadratic in the pile-up. A cast status matches no index: the key is the only lookup left.
 * The `status IN (…)` guards (markReversed, markResolved…) cost a descent per value and keep the key
 * (see the test moves-one-payment-by-its-key-whatever-the-statistics-say).
 */
const STILL_PENDING = Prisma.raw(`status::text = '${PosPaymentStatus.pending}'`);

/**
 * pending → approved and the payment's Sale, in one statement: the sale is inserted from the row the
 * conditional update returned, so both are written or neither; a payment no longer pending (the
 * till gave up first, the resolver moved it) is left as it is and no sale is written. The count of
 * rows the statement inserted (1 or 0) says which.
 */
export function approveStatement(
  paymentId: string,
  gatewayChargeId: string,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    WITH approved AS (
      UPDATE pos_payments
      SET status = ${PosPaymentStatus.approved}::pos_payment_status,
        gateway_charge_id = ${gatewayChargeId}::uuid, updated_at = ${now}::timestamptz
      WHERE id = ${paymentId}::uuid AND ${STILL_PENDING}
      RETURNING id, store_id, amount_minor, currency
    )
    INSERT INTO sales (payment_id, store_id, amount_minor, currency, created_at)
    SELECT id, store_id, amount_minor, currency, ${now}::timestamptz
    FROM approved`;
}

/** Where a pending payment ends when it is not approved. */
export type PendingOutcome = 'declined' | 'gateway_unavailable' | 'timed_out' | 'failed';

/**
 * pending → outcome; a payment no longer pending is left as it is (0 rows). As the model call it
 * replaces (`updateMany` with `data: { status, ...extra }`): an extra left out keeps the column's
 * value, and updated_at is set as Prisma's @updatedAt set it.
 */
export function finishPendingStatement(
  paymentId: string,
  outcome: PendingOutcome,
  extra: { declineCode?: string; gatewayChargeId?: string },
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payments
    SET ${pendingMoveSet({ status: outcome, ...extra }, now)}
    WHERE id = ${paymentId}::uuid AND ${STILL_PENDING}`;
}

/**
 * The columns a pending payment's move writes: its status, the decline code and the gateway's
 * charge when the call gave them (one left out keeps the column's value), and updated_at.
 */
function pendingMoveSet(move: PaymentMove, now: Date): Prisma.Sql {
  const declineCode = 'declineCode' in move ? (move.declineCode ?? null) : null;
  return Prisma.sql`status = ${move.status}::pos_payment_status,
      decline_code = COALESCE(${declineCode}::text, decline_code),
      gateway_charge_id = COALESCE(${move.gatewayChargeId ?? null}::uuid, gateway_charge_id),
      updated_at = ${now}::timestamptz`;
}

/** How an attempt ended, as finishAttempt records it. */
export interface AttemptFinish {
  finishedAt: Date;
  outcome: PosAttemptOutcome;
  latencyMs: number;
  httpStatus: number | null;
  errorMessage: string | null;
}

/** The attempt's end, every column the model update wrote (one row: the attempt's id). */
export function finishAttemptStatement(attemptId: string, f: AttemptFinish): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payment_attempts SET ${attemptFinishSet(f)} WHERE id = ${attemptId}::uuid`;
}

/** The columns an attempt's end writes. */
function attemptFinishSet(f: AttemptFinish): Prisma.Sql {
  return Prisma.sql`finished_at = ${f.finishedAt}::timestamptz,
      outcome = ${f.outcome}::pos_attempt_outcome, latency_ms = ${f.latencyMs}::int,
      http_status = ${f.httpStatus}::int, error_message = ${f.errorMessage}::text`;
}

/** A payment as paymentWithAttemptsQuery reads it: the attempts as JSON (timestamps as text). */
export interface PaymentWithAttemptsRow extends PosPayment {
  attempts: (Omit<PosPaymentAttempt, 'startedAt' | 'finishedAt'> & {
    startedAt: string;
    finishedAt: string | null;
  })[];
}

/** A payment's attempts (rows `a`) as one JSON array by number, fields named as Prisma's PosPaymentAttempt. */
const ATTEMPTS_AS_JSON = Prisma.raw(`json_agg(json_build_object(
    'id', a.id, 'paymentId', a.payment_id, 'attemptNo', a.attempt_no,
    'startedAt', a.started_at, 'finishedAt', a.finished_at, 'outcome', a.outcome,
    'httpStatus', a.http_status, 'errorMessage', a.error_message, 'latencyMs', a.latency_ms
  ) ORDER BY a.attempt_no)`);

/**
 * A payment and its attempts (by number) in one statement, the fields named as Prisma's models
 * name them; `findUnique` with `include` sends two.
 */
export function paymentWithAttemptsQuery(paymentId: string): Prisma.Sql {
  return Prisma.sql`
    SELECT ${PAYMENT_COLUMNS},
      COALESCE((SELECT ${ATTEMPTS_AS_JSON} FROM pos_payment_attempts a WHERE a.payment_id = p.id),
        '[]'::json) AS attempts
    FROM pos_payments p
    WHERE id = ${paymentId}::uuid`;
}

/** What recordAttemptStatement returns: the payment's columns are null when it had moved on. */
export type RecordedAttemptRow = PaymentWithAttemptsRow & { paymentMoved: boolean };

/**
 * The synchronous till's last step, in one statement: the attempt's end, the pending payment moved
 * to the call's outcome and, for an approval, its Sale (all or nothing). Returns the payment with
 * its attempts as paymentWithAttemptsQuery reads them, so the answer needs no further read: the
 * statement's own snapshot predates its writes, so the other attempts are read from the table and
 * this one from what the update returned. A payment no longer pending (the sweeper or the resolver
 * moved it first) is left as it is: `paymentMoved` is false and its columns are null. No row at all
 * means the attempt does not exist.
 */
export function recordAttemptStatement(
  paymentId: string,
  attemptId: string,
  f: AttemptFinish,
  move: PaymentMove,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    WITH finished AS (
      UPDATE pos_payment_attempts SET ${attemptFinishSet(f)}
      WHERE id = ${attemptId}::uuid AND payment_id = ${paymentId}::uuid
      RETURNING *
    ), moved AS (
      UPDATE pos_payments SET ${pendingMoveSet(move, now)}
      WHERE id = ${paymentId}::uuid AND ${STILL_PENDING}
      RETURNING ${PAYMENT_COLUMNS}
    ), sale AS (
      INSERT INTO sales (payment_id, store_id, amount_minor, currency, created_at)
      SELECT id, "storeId", "amountMinor", currency, ${now}::timestamptz
      FROM moved WHERE status = ${PosPaymentStatus.approved}
    )
    SELECT moved.*, moved.id IS NOT NULL AS "paymentMoved",
      (SELECT ${ATTEMPTS_AS_JSON} FROM (
        SELECT * FROM pos_payment_attempts
        WHERE payment_id = ${paymentId}::uuid AND id <> ${attemptId}::uuid
        UNION ALL SELECT * FROM finished) a) AS attempts
    FROM finished LEFT JOIN moved ON true`;
}

export function toPaymentWithAttempts(
  row: PaymentWithAttemptsRow,
): PosPayment & { attempts: PosPaymentAttempt[] } {
  return {
    ...row,
    attempts: row.attempts.map((a) => ({
      ...a,
      startedAt: new Date(a.startedAt),
      finishedAt: a.finishedAt === null ? null : new Date(a.finishedAt),
    })),
  };
}

// The resolver's and the sweeper's statements, raw too, so that pos-api needs no Prisma client at
// all (issue 17: the client and its query compiler were about 50 MB of the app's resident size).
// Each is the model call it replaced, column for column, updated_at as Prisma's @updatedAt set it.

/** The payment an idempotency key already created (the till's retry). */
export function paymentByKeyQuery(idempotencyKey: string): Prisma.Sql {
  return Prisma.sql`SELECT ${PAYMENT_COLUMNS} FROM pos_payments WHERE idempotency_key = ${idempotencyKey}`;
}

/**
 * A late approval was voided: reversed, whatever the payment said before (pending, timed out,
 * gateway unavailable), with the charge it was about.
 */
export function markReversedStatement(
  paymentId: string,
  gatewayChargeId: string,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payments
    SET status = ${PosPaymentStatus.reversed}::pos_payment_status,
      resolution = ${'voided_late_approval' satisfies PosPaymentResolution}::pos_payment_resolution,
      gateway_charge_id = ${gatewayChargeId}::uuid, updated_at = ${now}::timestamptz
    WHERE id = ${paymentId}::uuid
      AND status IN ('pending', 'timed_out', 'gateway_unavailable')`;
}

/**
 * A timed-out (or still pending) payment's unknown outcome, resolved; only the first resolution
 * counts. A decline code left out keeps the column's value, as the model call's spread did.
 */
export function markResolvedStatement(
  paymentId: string,
  resolution: PosPaymentResolution,
  declineCode: string | undefined,
  now: Date,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payments
    SET status = ${PosPaymentStatus.timed_out}::pos_payment_status,
      resolution = ${resolution}::pos_payment_resolution,
      decline_code = COALESCE(${declineCode ?? null}::text, decline_code),
      updated_at = ${now}::timestamptz
    WHERE id = ${paymentId}::uuid AND status IN ('pending', 'timed_out') AND resolution IS NULL`;
}

/** Queue mode: expired before the gateway was ever called, which only a payment without attempts proves. */
export function markExpiredBeforeCallStatement(paymentId: string, now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payments p
    SET status = ${PosPaymentStatus.timed_out}::pos_payment_status,
      resolution = ${'expired_before_call' satisfies PosPaymentResolution}::pos_payment_resolution,
      updated_at = ${now}::timestamptz
    WHERE p.id = ${paymentId}::uuid AND p.status IN ('pending', 'timed_out') AND p.resolution IS NULL
      AND NOT EXISTS (SELECT 1 FROM pos_payment_attempts a WHERE a.payment_id = p.id)`;
}

/**
 * One more failed try to resolve the payment: the next one after base × 2^tries (tries capped at
 * 20), at most max. The read and the write of the tries are one statement.
 */
export function deferResolutionStatement(
  paymentId: string,
  now: Date,
  baseMs: number,
  maxMs: number,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payments
    SET resolution_attempts = resolution_attempts + 1,
      next_resolution_at = ${now}::timestamptz + make_interval(secs =>
        LEAST(${maxMs}::float8, ${baseMs}::float8 * power(2, LEAST(resolution_attempts, 20))) / 1000),
      updated_at = ${now}::timestamptz
    WHERE id = ${paymentId}::uuid AND resolution IS NULL`;
}

/**
 * Pending payments far past their deadline (their request died with a process) become timed out.
 * A sweep over many rows: here the (status, …) index is the way in.
 */
export function timeOutStalePendingStatement(olderThan: Date, now: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE pos_payments
    SET status = ${PosPaymentStatus.timed_out}::pos_payment_status, updated_at = ${now}::timestamptz
    WHERE status = ${PosPaymentStatus.pending}::pos_payment_status AND deadline_at < ${olderThan}::timestamptz`;
}

/** Unresolved timeouts due for another try, those never tried first, then the oldest. */
export function unresolvedTimeoutsQuery(limit: number, now: Date): Prisma.Sql {
  return Prisma.sql`
    SELECT id FROM pos_payments
    WHERE status = ${PosPaymentStatus.timed_out}::pos_payment_status AND resolution IS NULL
      AND (next_resolution_at IS NULL OR next_resolution_at <= ${now}::timestamptz)
    ORDER BY next_resolution_at ASC NULLS FIRST, created_at ASC
    LIMIT ${limit}::int`;
}
