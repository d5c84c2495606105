import { createHash } from 'node:crypto';

/**
 * Event id of a re-driven charge that has no outbox row to take it from
 * (charges inserted by other means): derived from the charge id, so every
 * re-drive of a charge carries the same id. RFC 4122 version-5-style UUID.
 */
export function redriveEventId(chargeId: string): string {
  const hex = createHash('sha256')
    .update(`toll-charge-redrive:${chargeId}`)
    .digest('hex')
    .slice(0, 32)
    .split('');
  hex[12] = '5';
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
