import { UnprocessableEntityException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

/** Same key, other parameters: a client bug (Stripe answers the same way). Nothing is charged. */
export class IdempotencyKeyReusedError extends UnprocessableEntityException {
  constructor(key: string) {
    super({
      statusCode: 422,
      error: GATEWAY_ERROR_CODES.idempotencyKeyReused,
      message: `Idempotency-Key ${key} was already used with different parameters; use a new key for a new charge`,
    });
  }
}
