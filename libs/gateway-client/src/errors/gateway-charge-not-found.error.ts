import { GatewayClientError } from './gateway-client.error';

/** 404 for a charge id (get or void). */
export class GatewayChargeNotFoundError extends GatewayClientError {
  readonly gatewayFault = false;
  readonly outcomeUnknown = false;

  constructor(readonly chargeId: string) {
    super(`gateway has no charge ${chargeId}`);
    this.name = 'GatewayChargeNotFoundError';
  }
}
