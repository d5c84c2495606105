import { TollChargeResultV1 } from '@paystream/contracts';
import { TOLL_CHARGE_STATUS_RANK } from '@paystream/db';
import { ConsumedRecord } from '@paystream/kafka';

type ResultRecord = ConsumedRecord<TollChargeResultV1>;

/** What one batch does to the charges, decided before anything is written. */
export interface ChargeResultsPlan {
  /** Per charge, the result its row ends up with (the last one that moved it forward). */
  winners: ResultRecord[];
  /** Event ids recorded in the ledger that did not move their charge (a newer status was already there). */
  stale: string[];
  /** outcome (or 'stale') → events */
  applied: Record<string, number>;
}

/** The first record of each event id; later copies in the same batch are duplicates. */
export function firstOfEachEvent(records: ResultRecord[]): {
  unique: ResultRecord[];
  duplicates: number;
} {
  const seen = new Set<string>();
  const unique: ResultRecord[] = [];
  for (const record of records) {
    if (seen.has(record.value.eventId)) continue;
    seen.add(record.value.eventId);
    unique.push(record);
  }
  return { unique, duplicates: records.length - unique.length };
}

/**
 * Applies new events in batch order, exactly as one-by-one writes would: an
 * event moves its charge only to a higher status rank than the charge has at
 * that moment, so a stale or reordered result never moves it back.
 *
 * @param fresh events not seen before (in batch order), all for known charges
 * @param currentRank the charges' status rank in the database, read under lock
 */
export function planChargeResults(
  fresh: ResultRecord[],
  currentRank: ReadonlyMap<string, number>,
): ChargeResultsPlan {
  const rank = new Map(currentRank);
  const winners = new Map<string, ResultRecord>();
  const stale: string[] = [];
  const applied: Record<string, number> = {};
  for (const record of fresh) {
    const { chargeId, outcome, eventId } = record.value;
    const next = TOLL_CHARGE_STATUS_RANK[outcome];
    const known = rank.get(chargeId);
    if (known === undefined) throw new Error(`charge ${chargeId} was not read before planning`);
    if (next > known) {
      rank.set(chargeId, next);
      winners.set(chargeId, record);
      applied[outcome] = (applied[outcome] ?? 0) + 1;
    } else {
      stale.push(eventId);
      applied.stale = (applied.stale ?? 0) + 1;
    }
  }
  return { winners: [...winners.values()], stale, applied };
}
