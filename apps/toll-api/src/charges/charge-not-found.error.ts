import { NotFoundException } from '@nestjs/common';

export class ChargeNotFoundError extends NotFoundException {
  constructor(chargeId: string) {
    super({ statusCode: 404, error: 'charge_not_found', message: `no toll charge ${chargeId}` });
  }
}
