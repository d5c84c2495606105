import { DLQ_ERROR_CLASSES } from '@paystream/contracts';
import { RecordRejectedError } from '@paystream/kafka';
import { DatabaseRefusal } from './database-refusal';

/** A result Postgres refuses to store (isolated from its batch): retrying cannot help, so it is dead-lettered. */
export class RefusedByDatabaseError extends RecordRejectedError {
  constructor(refusal: DatabaseRefusal, attempts: number) {
    super(
      DLQ_ERROR_CLASSES.unwritable,
      `database refused the result (SQLSTATE ${refusal.sqlState}): ${refusal.message}`,
      attempts,
    );
    this.name = 'RefusedByDatabaseError';
  }
}
