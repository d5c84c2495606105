import { ServiceUnavailableException } from '@nestjs/common';

/**
 * 503: the database went away while the exit's transaction was under way —
 * possibly after the server received COMMIT. The exit may be recorded or not;
 * a retry with the same Idempotency-Key settles it (it returns the one charge,
 * or records the exit now).
 */
export class ExitOutcomeUnknownError extends ServiceUnavailableException {
  constructor() {
    super({
      statusCode: 503,
      error: 'outcome_unknown',
      message:
        'the toll database stopped answering during the write; the exit may or may not have been recorded. ' +
        'Retry with the same Idempotency-Key: it returns the one charge if it was recorded, or records it now',
    });
  }
}
