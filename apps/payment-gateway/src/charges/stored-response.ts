import { GatewayCharge } from '@paystream/contracts';

/** A charge answer as sent (and as replayed for the same Idempotency-Key). */
export interface StoredResponse {
  status: number;
  body: GatewayCharge;
  replayed: boolean;
  /** Fault "reset after commit": the answer is committed and stored, but the connection is destroyed instead of sent. */
  resetConnection?: boolean;
}
