import { Prisma, TOLL_CHARGE_STATUS_RANK, TollChargeStatus } from '@paystream/db';
import { NewOutboxEvent } from '@paystream/outbox';

/** Everything the intake writes for one new exit, with every value computed by the caller. */
export interface ExitIntakeRows {
  exit: {
    id: string;
    idempotencyKey: string;
    plazaId: string;
    laneId: string;
    plate: string;
    vehicleClass: string;
    entryPlazaId: string | null;
    exitedAt: Date;
  };
  charge: {
    id: string;
    cardToken: string;
    amountMinor: number;
    currency: string;
  };
  outbox: NewOutboxEvent;
  /** created_at (and the charge's updated_at) of all three rows. */
  now: Date;
}

/**
 * The exit, its PENDING charge and the outbox row as ONE statement: the hot
 * path of POST /toll/exits. Raw SQL on purpose (issue 17): the three model
 * creates in a batch transaction cost the query compiler three times and five
 * round trips (BEGIN, three INSERTs, COMMIT); one statement is one round trip
 * and is atomic by itself. Prisma stays the schema, the migrations and every
 * other query. The columns and values are the ones those creates wrote.
 *
 * Each insert reads the row of the one before (exit → charge → outbox), so
 * the statement writes all three rows or none; a taken idempotency key fails
 * it with a unique violation (23505), as the separate insert did. The outbox
 * row's insert trigger (NOTIFY for the relay) fires as for any insert.
 */
export function exitIntakeStatement(rows: ExitIntakeRows): Prisma.Sql {
  const { exit, charge, outbox, now } = rows;
  return Prisma.sql`
    WITH new_exit AS (
      INSERT INTO toll_exits
        (id, idempotency_key, plaza_id, lane_id, plate, vehicle_class, entry_plaza_id, exited_at, created_at)
      VALUES (${exit.id}::uuid, ${exit.idempotencyKey}, ${exit.plazaId}, ${exit.laneId}, ${exit.plate},
        ${exit.vehicleClass}, ${exit.entryPlazaId}, ${exit.exitedAt}::timestamptz, ${now}::timestamptz)
      RETURNING id
    ), new_charge AS (
      INSERT INTO toll_charges
        (id, exit_id, plate, card_token, amount_minor, currency, status, status_rank, attempts, created_at, updated_at)
      SELECT ${charge.id}::uuid, new_exit.id, ${exit.plate}, ${charge.cardToken}, ${charge.amountMinor}::int,
        ${charge.currency}, ${TollChargeStatus.PENDING}::toll_charge_status,
        ${TOLL_CHARGE_STATUS_RANK.PENDING}::int, 0, ${now}::timestamptz, ${now}::timestamptz
      FROM new_exit
      RETURNING id
    )
    INSERT INTO outbox_events
      (event_id, aggregate_type, aggregate_id, event_type, schema_version, topic, key, payload, headers,
       occurred_at, created_at, publish_attempts)
    SELECT ${outbox.eventId}::uuid, ${outbox.aggregateType}, ${outbox.aggregateId}, ${outbox.eventType},
      ${outbox.schemaVersion}::int, ${outbox.topic}, ${outbox.key}, ${JSON.stringify(outbox.payload)}::json,
      ${JSON.stringify(outbox.headers)}::json, ${outbox.occurredAt}::timestamptz, ${now}::timestamptz, 0
    FROM new_charge`;
}
