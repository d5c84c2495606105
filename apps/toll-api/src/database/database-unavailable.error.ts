import { ServiceUnavailableException } from '@nestjs/common';

/** 503: the database (toll-api's only dependency) cannot be reached; nothing was recorded. */
export class DatabaseUnavailableError extends ServiceUnavailableException {
  constructor() {
    super({
      statusCode: 503,
      error: 'database_unavailable',
      message:
        'the toll database is unavailable; nothing was recorded, retry with the same Idempotency-Key',
    });
  }
}
