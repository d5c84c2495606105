import { InternalServerErrorException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

/** tok_server_error or the injected error rate. Not stored: a retry with the same key runs again. */
export class SimulatedServerError extends InternalServerErrorException {
  constructor() {
    super({
      statusCode: 500,
      error: GATEWAY_ERROR_CODES.simulatedServerError,
      message: 'simulated gateway failure',
    });
  }
}
