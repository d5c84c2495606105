import { TollChargeResultV1 } from '@paystream/contracts';
import { ConsumedRecord } from '@paystream/kafka';
import { DatabaseRefusal } from './database-refusal';

export interface RefusedResult {
  record: ConsumedRecord<TollChargeResultV1>;
  refusal: DatabaseRefusal;
  /** Transactions it was part of, the last one alone. */
  attempts: number;
}

export interface BatchWriteSummary {
  /** outcome (or 'stale') → rows applied */
  applied: Record<string, number>;
  duplicates: number;
  /** Records referring to a charge the database does not know: dead-lettered, not written. */
  unknownCharges: ConsumedRecord<TollChargeResultV1>[];
  /** Records Postgres refused even alone (a value its column cannot hold): dead-lettered, not written. */
  refused: RefusedResult[];
}
