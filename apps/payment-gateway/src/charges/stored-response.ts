import { GatewayCharge } from '@paystream/contracts';

/** A charge answer as sent (and as replayed for the same Idempotency-Key). */
export interface StoredResponse {
  status: number;
  body: GatewayCharge;
  replayed: boolean;
}
