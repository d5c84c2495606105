import { GatewayChargeRequest } from '@paystream/contracts';
import { createHash } from 'node:crypto';

/**
 * sha256 of the request's parameters in a canonical form (metadata keys
 * sorted), so "same key, same parameters" does not depend on JSON key order.
 */
export function chargeRequestHash(request: GatewayChargeRequest): string {
  const metadata = request.metadata
    ? Object.fromEntries(
        Object.entries(request.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      )
    : null;
  const canonical = JSON.stringify([
    request.amount,
    request.currency,
    request.cardToken,
    request.reference,
    metadata,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
