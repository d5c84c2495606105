import { Injectable } from '@nestjs/common';
import { TollChargeResultV1 } from '@paystream/contracts';
import { Prisma, SqlService } from '@paystream/db';
import { ConsumedRecord } from '@paystream/kafka';
import { BatchWriteSummary } from './batch-write-summary';
import { firstOfEachEvent, planChargeResults } from './charge-results.plan';
import { moveChargesForwardStatement } from './charge-results.sql';
import { databaseRefusal } from './database-refusal';

type ResultRecord = ConsumedRecord<TollChargeResultV1>;

/**
 * Writes one batch of results in ONE transaction, set-based: a fixed number
 * of statements per batch (not per record), like a JDBC sink's batched upsert.
 * 1. lock the batch's charges and read their status rank;
 * 2. ledger insert (processed_events, ON CONFLICT DO NOTHING, RETURNING): an
 *    event seen before is a duplicate and changes nothing;
 * 3. one UPDATE that moves each charge forward to the result decided for it
 *    (see planChargeResults), still guarded by status_rank in SQL;
 * 4. ledger rows of events that moved nothing are marked `stale`.
 * Results for unknown charges are left out (the caller dead-letters them).
 *
 * When Postgres refuses the batch because of its data (see databaseRefusal),
 * the batch is split in halves and each written on its own, down to the one
 * record it cannot take, which is returned as refused (the caller
 * dead-letters it): a bad record costs about log2(batch) extra transactions,
 * instead of rolling the batch back forever. Halves are written in order, so
 * per-charge decisions stay those of one-by-one writes. Any other failure
 * (an outage) is thrown: the consumer pauses the partition and retries.
 */
@Injectable()
export class ChargeResultsWriter {
  constructor(private readonly sql: SqlService) {}

  async write(records: ResultRecord[]): Promise<BatchWriteSummary> {
    const summary: BatchWriteSummary = {
      applied: {},
      duplicates: 0,
      unknownCharges: [],
      refused: [],
    };
    await this.writeIsolating(records, summary, 1);
    return summary;
  }

  private async writeIsolating(
    records: ResultRecord[],
    summary: BatchWriteSummary,
    attempt: number,
  ): Promise<void> {
    if (records.length === 0) return;
    let part: BatchWriteSummary;
    try {
      part = await this.writeOnce(records);
    } catch (error) {
      const refusal = databaseRefusal(error);
      if (refusal === undefined) throw error;
      if (records.length === 1) {
        summary.refused.push({ record: records[0], refusal, attempts: attempt });
        return;
      }
      const middle = Math.ceil(records.length / 2);
      await this.writeIsolating(records.slice(0, middle), summary, attempt + 1);
      await this.writeIsolating(records.slice(middle), summary, attempt + 1);
      return;
    }
    for (const [outcome, rows] of Object.entries(part.applied))
      summary.applied[outcome] = (summary.applied[outcome] ?? 0) + rows;
    summary.duplicates += part.duplicates;
    summary.unknownCharges.push(...part.unknownCharges);
  }

  private async writeOnce(records: ResultRecord[]): Promise<BatchWriteSummary> {
    const { unique, duplicates } = firstOfEachEvent(records);
    const summary: BatchWriteSummary = { applied: {}, duplicates, unknownCharges: [], refused: [] };
    if (unique.length === 0) return summary;

    await this.sql.transaction(async (tx) => {
      const chargeIds = [...new Set(unique.map((r) => r.value.chargeId))];
      const current = await tx.query<{ id: string; status_rank: number }>(Prisma.sql`
        SELECT id::text AS id, status_rank FROM toll_charges
         WHERE id = ANY(${chargeIds}::uuid[]) ORDER BY id FOR UPDATE`);
      const currentRank = new Map(current.map((c) => [c.id, c.status_rank]));
      const known = unique.filter((r) => currentRank.has(r.value.chargeId));
      summary.unknownCharges = unique.filter((r) => !currentRank.has(r.value.chargeId));
      if (known.length === 0) return;

      const inserted = await tx.query<{ event_id: string }>(Prisma.sql`
        INSERT INTO processed_events (event_id, topic, kafka_partition, kafka_offset, charge_id, outcome)
        SELECT * FROM unnest(
          ${known.map((r) => r.value.eventId)}::uuid[],
          ${known.map((r) => r.topic)}::text[],
          ${known.map((r) => r.partition)}::int[],
          ${known.map((r) => r.offset)}::text[]::bigint[],
          ${known.map((r) => r.value.chargeId)}::uuid[],
          ${known.map((r) => r.value.outcome)}::text[])
        ON CONFLICT (event_id) DO NOTHING
        RETURNING event_id::text AS event_id`);
      const isNew = new Set(inserted.map((i) => i.event_id));
      const fresh = known.filter((r) => isNew.has(r.value.eventId));
      summary.duplicates += known.length - fresh.length;

      const plan = planChargeResults(fresh, currentRank);
      summary.applied = plan.applied;
      const winners = plan.winners.map((r) => r.value);
      if (winners.length > 0) {
        await tx.execute(moveChargesForwardStatement(winners));
      }
      if (plan.stale.length > 0) {
        await tx.execute(
          Prisma.sql`UPDATE processed_events SET outcome = 'stale' WHERE event_id = ANY(${plan.stale}::uuid[])`,
        );
      }
    });
    return summary;
  }
}
