import { OutboxRow } from './outbox-row';

// The relay's SQL, in one place. Every statement runs on the relay's one session (the one that
// holds the advisory lock); the writes carry the fence, so a relay whose epoch is gone changes nothing.

/** The relay's epoch is still the current one for its lock key. */
function fenceHolds(lockParam: number, epochParam: number): string {
  return `EXISTS (SELECT 1 FROM outbox_relay_fences f
    WHERE f.lock_key = $${lockParam}::bigint AND f.epoch = $${epochParam}::bigint)`;
}

/** A row as read by FETCH_BATCH_SQL. */
export interface RawOutboxRow {
  id: string;
  event_id: string;
  topic: string;
  key: string;
  payload: string;
  headers: Record<string, string> | null;
}

export function toOutboxRow(r: RawOutboxRow): OutboxRow {
  return {
    id: r.id,
    eventId: r.event_id,
    topic: r.topic,
    key: r.key,
    payload: r.payload,
    headers: r.headers ?? {},
  };
}

/** Ends the session after a lease of silence ($1 ms, $2 s), whatever the kernel thinks of the connection. */
export const LIMIT_SESSION_SQL = `SELECT set_config('idle_session_timeout', $1, false),
              set_config('idle_in_transaction_session_timeout', $1, false),
              set_config('tcp_user_timeout', $1, false),
              set_config('tcp_keepalives_idle', $2, false),
              set_config('tcp_keepalives_interval', '1', false),
              set_config('tcp_keepalives_count', '3', false)`;

/**
 * Plans the batch read as a walk of the unpublished index in id order that stops at the batch
 * size. A backlog grows while Kafka is down, faster than autovacuum re-analyses the table; from
 * statistics that still say "nothing is unpublished" the planner chose to read and sort the whole
 * backlog for every batch, a drain quadratic in the backlog. The session runs only the relay's
 * own statements (by id, by the partial indexes), none of which gains from a bitmap scan.
 */
export const PLAN_SESSION_SQL = `SELECT set_config('enable_bitmapscan', 'off', false)`;

export const TRY_LOCK_SQL = 'SELECT pg_try_advisory_lock($1::bigint) AS locked';

/** Bumps the fencing epoch of lock key $1 (holder $2); run right after taking the lock. */
export const TAKE_EPOCH_SQL = `INSERT INTO outbox_relay_fences (lock_key, epoch, holder) VALUES ($1, 1, $2)
       ON CONFLICT (lock_key) DO UPDATE
         SET epoch = outbox_relay_fences.epoch + 1, holder = EXCLUDED.holder, acquired_at = now()
       RETURNING epoch::text`;

/**
 * Up to $1 unpublished rows from the head, but not those in flight ($2), nor a held row's
 * key's later rows. ORDER BY the table's bigint column, not the text alias ("10" < "9").
 * The payload comes as the text its writer stored (a json column): it goes to Kafka as it is,
 * never parsed and printed again.
 */
export const FETCH_BATCH_SQL = `SELECT o.id::text AS id, o.event_id, o.topic, o.key, o.payload::text AS payload, o.headers
         FROM outbox_events o
        WHERE o.published_at IS NULL AND o.held_at IS NULL AND o.id <> ALL($2::bigint[])
          -- A held row keeps its key's later rows back (per-key order), and only those.
          AND NOT EXISTS (SELECT 1 FROM outbox_events h
                           WHERE h.published_at IS NULL AND h.held_at IS NOT NULL
                             AND h.key = o.key AND h.id < o.id)
        ORDER BY o.id LIMIT $1`;

/** Marks rows $1 published, only while epoch $3 of lock key $2 is current (one statement, one transaction). */
export const MARK_BATCH_PUBLISHED_SQL = `UPDATE outbox_events SET published_at = now(), publish_attempts = publish_attempts + 1
              WHERE id = ANY($1::bigint[]) AND ${fenceHolds(2, 3)}`;

export const MARK_ROW_PUBLISHED_SQL = `UPDATE outbox_events SET published_at = now(), publish_attempts = publish_attempts + 1
          WHERE id = $1::bigint AND ${fenceHolds(2, 3)}`;

/** A failed batch: an attempt and the error ($2) on each of its rows ($1). */
export const RECORD_BATCH_FAILURE_SQL = `UPDATE outbox_events SET publish_attempts = publish_attempts + 1, last_error = $2
                WHERE id = ANY($1::bigint[]) AND ${fenceHolds(3, 4)}`;

/** A row that failed on its own: an attempt, the error, and held once $5 (its own fault) after $6 attempts. */
export const RECORD_ROW_FAILURE_SQL = `UPDATE outbox_events
              SET publish_attempts = publish_attempts + 1, last_error = $2,
                  held_at = CASE WHEN $5::boolean AND publish_attempts + 1 >= $6 THEN now() END
            WHERE id = $1::bigint AND ${fenceHolds(3, 4)}
        RETURNING publish_attempts AS attempts, held_at IS NOT NULL AS held`;

/** Deletes rows published more than $1 ms ago. */
export const CLEANUP_SQL = `DELETE FROM outbox_events
        WHERE published_at IS NOT NULL AND published_at < now() - ($1::bigint * interval '1 millisecond')`;

export const BACKLOG_SQL = `SELECT count(*)::int AS count,
              EXTRACT(EPOCH FROM (now() - min(created_at)))::float8 AS oldest,
              count(*) FILTER (WHERE held_at IS NOT NULL)::int AS held
         FROM outbox_events WHERE published_at IS NULL`;
