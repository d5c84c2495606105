import { DLQ_ERROR_CLASSES } from '@paystream/contracts';
import { RecordRejectedError } from '@paystream/kafka';

/** A result for a charge the database has never seen: bad data, dead-lettered rather than guessed at. */
export class UnknownChargeError extends RecordRejectedError {
  constructor(chargeId: string) {
    super(DLQ_ERROR_CLASSES.unwritable, `no toll charge ${chargeId} in the database`);
    this.name = 'UnknownChargeError';
  }
}
