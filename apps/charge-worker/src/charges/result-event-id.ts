import { createHash } from 'node:crypto';

/**
 * The result's event id is derived from the charge id and the outcome, so a
 * charge attempted twice (redelivery after a crash, a retry job racing a
 * redelivered record) publishes the same event twice — and the sink's ledger
 * drops the second. Formatted as an RFC 4122 version-5-style UUID (SHA-based).
 */
export function resultEventId(chargeId: string, outcome: string): string {
  const hex = createHash('sha256')
    .update(`toll-charge-result:${chargeId}:${outcome}`)
    .digest('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
