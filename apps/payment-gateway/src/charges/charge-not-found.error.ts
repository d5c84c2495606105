import { NotFoundException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

export class ChargeNotFoundError extends NotFoundException {
  constructor(what: string) {
    super({
      statusCode: 404,
      error: GATEWAY_ERROR_CODES.chargeNotFound,
      message: `no charge ${what}`,
    });
  }
}
