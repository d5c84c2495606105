import type { GatewayCharge } from './gateway-api';

/**
 * Answer of `GET /v1/charges?idempotencyKey=…` and of
 * `POST /v1/idempotency-keys/:key/fence`. `state` tells a caller that gave up
 * waiting whether the gateway is still working on the key (`in_flight`: ask
 * again later, a charge may still appear), finished it (`completed`), has
 * never seen it / forgotten it / only an abandoned request held it
 * (`unknown`: a charge may still appear until the key is fenced), or fenced
 * it (`fenced`: no charge exists and none will ever be made with this key).
 * State and charge are read in one snapshot.
 */
export interface GatewayChargeLookup {
  idempotencyKey: string;
  state: 'in_flight' | 'completed' | 'unknown' | 'fenced';
  charge: GatewayCharge | null;
}
