import { PosPaymentRequest } from '@paystream/contracts';
import { createHash } from 'node:crypto';

/** sha256 of the payment's parameters in a fixed order: "same key, same request" does not depend on JSON key order. */
export function posRequestHash(request: PosPaymentRequest): string {
  const canonical = JSON.stringify([
    request.storeId,
    request.terminalId,
    request.amount,
    request.currency,
    request.cardToken,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}
