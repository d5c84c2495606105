import { UnprocessableEntityException } from '@nestjs/common';

/** 422: the key already recorded an exit with other details; a new exit needs a new lane event id. */
export class IdempotencyKeyReusedError extends UnprocessableEntityException {
  constructor(fields: string[]) {
    super({
      statusCode: 422,
      error: 'idempotency_key_reused',
      message: `this Idempotency-Key already recorded an exit with a different ${fields.join(', ')}`,
      problems: fields.map((field) => ({
        field,
        reason: 'differs from the exit first recorded with this Idempotency-Key',
      })),
    });
  }
}
