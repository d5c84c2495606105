import { TollChargeResultV1 } from '@paystream/contracts';
import { ConsumedRecord } from '@paystream/kafka';

export interface BatchWriteSummary {
  /** outcome (or 'stale') → rows applied */
  applied: Record<string, number>;
  duplicates: number;
  /** Records referring to a charge the database does not know: dead-lettered, not written. */
  unknownCharges: ConsumedRecord<TollChargeResultV1>[];
}
