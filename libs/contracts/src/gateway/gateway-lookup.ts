import type { GatewayCharge } from './gateway-api';

/**
 * Answer of `GET /v1/charges?idempotencyKey=…`. `state` tells a caller that
 * gave up waiting whether the gateway is still working on the key
 * (`in_flight`: ask again later, a charge may still appear), finished it
 * (`completed`), or has never seen it / forgotten it (`unknown`).
 */
export interface GatewayChargeLookup {
  idempotencyKey: string;
  state: 'in_flight' | 'completed' | 'unknown';
  charge: GatewayCharge | null;
}
