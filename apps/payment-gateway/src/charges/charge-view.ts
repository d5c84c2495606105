import { GatewayCharge } from '@paystream/contracts';
import type { GatewayCharge as GatewayChargeRow } from '@paystream/db';

/** The API shape of a charge (never the card token). */
export function toChargeView(row: GatewayChargeRow): GatewayCharge {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    status: row.status,
    declineCode: row.declineCode,
    amount: row.amountMinor,
    currency: row.currency,
    reference: row.reference ?? '',
    createdAt: row.createdAt.toISOString(),
    voidedAt: row.voidedAt ? row.voidedAt.toISOString() : null,
  };
}

/** Stripe answers 402 for card errors; the body is the declined charge either way. */
export function chargeHttpStatus(charge: GatewayCharge): number {
  return charge.status === 'declined' ? 402 : 200;
}
