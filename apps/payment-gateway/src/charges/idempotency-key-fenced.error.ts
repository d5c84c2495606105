import { ConflictException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

/** The key was fenced after a lookup found nothing: no charge will ever be made with it (retrying cannot help). */
export class IdempotencyKeyFencedError extends ConflictException {
  constructor(key: string) {
    super({
      statusCode: 409,
      error: GATEWAY_ERROR_CODES.idempotencyKeyFenced,
      message: `Idempotency-Key ${key} was fenced after a lookup found no charge; nothing was charged, use a new key`,
    });
  }
}
