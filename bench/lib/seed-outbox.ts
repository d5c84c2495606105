import type { ClientBase } from 'pg';
import {
  eventEnvelopeHeaders,
  TOLL_CHARGE_REQUESTED_V1,
  type TollChargeRequestedV1,
} from '@paystream/contracts';

/** One statement per chunk (unnest of arrays): 100k rows load in seconds. */
const CHUNK = 2_000;

const INSERT = `INSERT INTO outbox_events (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, headers, occurred_at)
  SELECT e, 'toll_charge', a, '${TOLL_CHARGE_REQUESTED_V1.eventType}', ${TOLL_CHARGE_REQUESTED_V1.schemaVersion}, $6, k, p, h, now()
  FROM unnest($1::uuid[], $2::text[], $3::text[], $4::json[], $5::json[]) AS t(e, a, k, p, h)`;

/** Outbox rows exactly as toll-api writes them (same payload and headers), without the exit and charge rows. */
export async function insertOutboxRows(
  /** A Client or a pooled client (PoolClient). */
  client: ClientBase,
  topic: string,
  events: TollChargeRequestedV1[],
  chunk = CHUNK,
): Promise<void> {
  for (let i = 0; i < events.length; i += chunk) {
    const part = events.slice(i, i + chunk);
    await client.query(INSERT, [
      part.map((e) => e.eventId),
      part.map((e) => e.chargeId),
      part.map((e) => e.plate),
      part.map((e) => JSON.stringify(e)),
      part.map((e) =>
        JSON.stringify(
          eventEnvelopeHeaders({
            ...TOLL_CHARGE_REQUESTED_V1,
            eventId: e.eventId,
            occurredAt: new Date(),
          }),
        ),
      ),
      topic,
    ]);
  }
}
