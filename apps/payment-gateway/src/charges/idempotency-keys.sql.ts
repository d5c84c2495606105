import { GatewayChargeRequest } from '@paystream/contracts';
import { Prisma, type GatewayCharge as GatewayChargeRow } from '@paystream/db';
import { CHARGE_COLUMNS } from './charges.sql';

// The gateway's SQL (issue 17, as the toll intake's exit-intake.sql.ts and the till's
// payments.sql.ts). The hot path is three statements, each atomic by itself: a charge used to cost
// eight round trips (delete expired key, insert key, then BEGIN, hold the lock, insert charge, read
// it, COMMIT, then complete) and five passes of Prisma's query compiler; the gateway was the
// busiest process of the pipeline. The rarer paths (replays, takeovers, lookups, fences, the purge)
// are plain statements too, so the gateway never loads Prisma's client: it is then a third
// lighter in memory (issue 17's 200 MB per app). Prisma stays the schema and the migrations; the
// columns and values are the ones its model calls wrote.

/** Every column of gateway_idempotency_keys, named as Prisma's GatewayIdempotencyKey names them. */
const KEY_COLUMNS = Prisma.raw(`key, request_hash AS "requestHash", state::text AS state,
  response_status AS "responseStatus", response_body AS "responseBody", locked_at AS "lockedAt",
  expires_at AS "expiresAt", created_at AS "createdAt"`);

/** A fenced key has no request behind it: its hash column holds this placeholder. */
const NO_REQUEST_HASH = '0'.repeat(64);

/**
 * Takes a key for a new request: inserts it in flight, or replaces it when its stored response
 * has expired (a fence never expires). A row comes back only when this request owns the key;
 * none means somebody else's row stands (in flight, completed or fenced) and the caller reads it.
 *
 * One statement instead of "delete the expired key, then insert": ON CONFLICT locks the existing
 * row, so of two requests racing for one expired key exactly one replaces it and the other finds
 * it in flight, as before.
 */
export function claimKeyStatement(
  key: string,
  requestHash: string,
  now: Date,
  expiresAt: Date,
): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO gateway_idempotency_keys AS k (key, request_hash, state, locked_at, expires_at)
    VALUES (${key}, ${requestHash}, 'in_flight'::gateway_idempotency_state, ${now}::timestamptz,
      ${expiresAt}::timestamptz)
    ON CONFLICT (key) DO UPDATE SET
      request_hash = EXCLUDED.request_hash, state = EXCLUDED.state, response_status = NULL,
      response_body = NULL, locked_at = EXCLUDED.locked_at, expires_at = EXCLUDED.expires_at,
      created_at = EXCLUDED.created_at
    WHERE k.expires_at < EXCLUDED.locked_at
      AND k.state <> 'fenced'::gateway_idempotency_state
    RETURNING key`;
}

/** What recordChargeStatement returns: whether the lock was still ours, and the charge it inserted. */
export type RecordChargeRow = { held: boolean } & {
  [K in keyof GatewayChargeRow]: GatewayChargeRow[K] | null;
};

/**
 * Inserts the charge while holding the key's lock, in one statement: the UPDATE of the key row
 * (a no-op write that takes its row lock) gates the INSERT, so an owner whose lock was taken over
 * or fenced meanwhile inserts nothing (held = false). The UNIQUE on idempotency_key stays the last
 * line of defence: when the key already has a charge (a crashed owner's, or one whose stored
 * response expired), nothing is inserted.
 *
 * Exactly one row comes back; its charge columns are null when nothing was inserted (the lock was
 * lost, or the key already has a charge, which the caller then reads by key: a rare path).
 */
export function recordChargeStatement(
  key: string,
  lockedAt: Date,
  request: GatewayChargeRequest,
  requestHash: string,
  declineCode: string | null,
): Prisma.Sql {
  const metadata = request.metadata === undefined ? null : JSON.stringify(request.metadata);
  return Prisma.sql`
    WITH held AS (
      UPDATE gateway_idempotency_keys SET locked_at = locked_at
      WHERE key = ${key} AND state = 'in_flight'::gateway_idempotency_state
        AND locked_at = ${lockedAt}::timestamptz
      RETURNING key
    ), inserted AS (
      INSERT INTO gateway_charges (idempotency_key, request_hash, amount_minor, currency,
        card_token, reference, metadata, status, decline_code)
      SELECT key, ${requestHash}, ${request.amount}::int, ${request.currency}, ${request.cardToken},
        ${request.reference}, ${metadata}::jsonb,
        ${declineCode ? 'declined' : 'approved'}::gateway_charge_status, ${declineCode}
      FROM held
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING ${CHARGE_COLUMNS}
    )
    SELECT EXISTS (SELECT 1 FROM held) AS held, inserted.*
    FROM (SELECT 1) AS one LEFT JOIN inserted ON true`;
}

/** The key's stored response, written only while this owner still holds it. */
export function completeKeyStatement(
  key: string,
  lockedAt: Date,
  status: number,
  body: unknown,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE gateway_idempotency_keys
    SET state = 'completed'::gateway_idempotency_state, response_status = ${status}::int,
      response_body = ${JSON.stringify(body)}::jsonb, locked_at = NULL
    WHERE key = ${key} AND state = 'in_flight'::gateway_idempotency_state
      AND locked_at = ${lockedAt}::timestamptz`;
}

/** The key's row, as Prisma's GatewayIdempotencyKey. */
export function findKeyStatement(key: string): Prisma.Sql {
  return Prisma.sql`SELECT ${KEY_COLUMNS} FROM gateway_idempotency_keys WHERE key = ${key}`;
}

/**
 * Takes over a lock whose request died (compare-and-set on locked_at: of two takers, one wins).
 * `state` is 'in_flight' for a new request that takes the key, 'fenced' for a fence.
 */
export function takeOverKeyStatement(
  key: string,
  abandonedLockedAt: Date,
  state: 'in_flight' | 'fenced',
  lockedAt: Date | null,
): Prisma.Sql {
  return Prisma.sql`
    UPDATE gateway_idempotency_keys
    SET state = ${state}::gateway_idempotency_state, locked_at = ${lockedAt}::timestamptz
    WHERE key = ${key} AND state = 'in_flight'::gateway_idempotency_state
      AND locked_at = ${abandonedLockedAt}::timestamptz`;
}

/** Forgets this owner's in-flight key (nothing after a commit: the key is completed by then). */
export function releaseKeyStatement(key: string, lockedAt: Date): Prisma.Sql {
  return Prisma.sql`
    DELETE FROM gateway_idempotency_keys
    WHERE key = ${key} AND state = 'in_flight'::gateway_idempotency_state
      AND locked_at = ${lockedAt}::timestamptz`;
}

/** Expired keys (a fence never expires); for one key, or for all of them (the purge). */
export function deleteExpiredKeysStatement(now: Date, key?: string): Prisma.Sql {
  const oneKey = key === undefined ? Prisma.empty : Prisma.sql`AND key = ${key}`;
  return Prisma.sql`
    DELETE FROM gateway_idempotency_keys
    WHERE expires_at < ${now}::timestamptz AND state <> 'fenced'::gateway_idempotency_state
      ${oneKey}`;
}

/** A fence for a key nobody has (inserts nothing when the key has a row). */
export function insertFenceStatement(key: string, expiresAt: Date): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO gateway_idempotency_keys (key, request_hash, state, locked_at, expires_at)
    VALUES (${key}, ${NO_REQUEST_HASH}, 'fenced'::gateway_idempotency_state, NULL,
      ${expiresAt}::timestamptz)
    ON CONFLICT (key) DO NOTHING`;
}
