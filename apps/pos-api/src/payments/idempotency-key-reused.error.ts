import { UnprocessableEntityException } from '@nestjs/common';
import { POS_ERROR_CODES } from '@paystream/contracts';

export class IdempotencyKeyReusedError extends UnprocessableEntityException {
  constructor(key: string) {
    super({
      statusCode: 422,
      error: POS_ERROR_CODES.idempotencyKeyReused,
      message: `Idempotency-Key ${key} was already used for a different payment; use a new key`,
    });
  }
}
