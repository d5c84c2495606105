import { ServiceUnavailableException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

/** The simulator is switched down: every /v1 call answers 503, admin and health keep working. */
export class GatewayDownError extends ServiceUnavailableException {
  constructor() {
    super({
      statusCode: 503,
      error: GATEWAY_ERROR_CODES.gatewayDown,
      message: 'the payment gateway is down (simulated outage)',
    });
  }
}
