import { ConflictException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

/** The first request with this key is still being processed; retrying later replays its answer. */
export class IdempotencyKeyInUseError extends ConflictException {
  constructor(key: string) {
    super({
      statusCode: 409,
      error: GATEWAY_ERROR_CODES.idempotencyKeyInUse,
      message: `a request with Idempotency-Key ${key} is still in progress; retry later`,
    });
  }
}
