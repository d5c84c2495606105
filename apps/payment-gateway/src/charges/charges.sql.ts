import { Prisma } from '@paystream/db';

// The gateway's reads and writes of gateway_charges outside the key's lock (see
// idempotency-keys.sql.ts for why the gateway runs plain statements, not Prisma's client).

/** Every column of gateway_charges, named as Prisma's GatewayCharge names them. */
export const CHARGE_COLUMNS = Prisma.raw(`id, idempotency_key AS "idempotencyKey",
  request_hash AS "requestHash", amount_minor AS "amountMinor", currency, card_token AS "cardToken",
  reference, metadata, status::text AS status, decline_code AS "declineCode",
  created_at AS "createdAt", voided_at AS "voidedAt"`);

/** The charge made with an idempotency key (at most one: idempotency_key is UNIQUE). */
export function findChargeByKeyStatement(idempotencyKey: string): Prisma.Sql {
  return Prisma.sql`
    SELECT ${CHARGE_COLUMNS} FROM gateway_charges WHERE idempotency_key = ${idempotencyKey}`;
}

/** The charge with this id (a uuid). */
export function findChargeStatement(id: string): Prisma.Sql {
  return Prisma.sql`SELECT ${CHARGE_COLUMNS} FROM gateway_charges WHERE id = ${id}::uuid`;
}

/** Voids an approved charge; anything else (already voided, declined, absent) is left as it is. */
export function voidChargeStatement(id: string, voidedAt: Date): Prisma.Sql {
  return Prisma.sql`
    UPDATE gateway_charges
    SET status = 'voided'::gateway_charge_status, voided_at = ${voidedAt}::timestamptz
    WHERE id = ${id}::uuid AND status = 'approved'::gateway_charge_status`;
}
