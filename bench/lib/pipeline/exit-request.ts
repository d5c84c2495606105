import { randomUUID } from 'node:crypto';
import { TEST_CARD_TOKENS } from '@paystream/contracts';

const PLATES = 5_000;

/** POST /toll/exits for the i-th exit: a fresh key, plates from a pool (a plate is not unique), a card that settles. */
export function exitRequest(i: number): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
    body: JSON.stringify({
      plazaId: 'PLZ-B',
      laneId: 'L03',
      plate: `BN-${String(i % PLATES).padStart(5, '0')}`,
      vehicleClass: 'car',
      cardToken: TEST_CARD_TOKENS.approve,
      entryPlazaId: 'PLZ-A',
    }),
  };
}
