import { Injectable } from '@nestjs/common';
import { TollChargeResultV1 } from '@paystream/contracts';
import { PrismaService, TOLL_CHARGE_STATUS_RANK } from '@paystream/db';
import { ConsumedRecord } from '@paystream/kafka';
import { BatchWriteSummary } from './batch-write-summary';

/**
 * Writes one batch of results in ONE transaction:
 * 1. ledger insert (processed_events, ON CONFLICT DO NOTHING): an event seen
 *    before is a duplicate and changes nothing;
 * 2. a conditional UPDATE that only moves a charge forward
 *    (status_rank < new rank), so a stale or reordered result never moves it back.
 * Results for unknown charges are left out (the caller dead-letters them).
 */
@Injectable()
export class ChargeResultsWriter {
  constructor(private readonly prisma: PrismaService) {}

  async write(records: ConsumedRecord<TollChargeResultV1>[]): Promise<BatchWriteSummary> {
    const summary: BatchWriteSummary = { applied: {}, duplicates: 0, unknownCharges: [] };
    await this.prisma.$transaction(async (tx) => {
      const ids = [...new Set(records.map((r) => r.value.chargeId))];
      const known = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text AS id FROM toll_charges WHERE id = ANY(${ids}::uuid[])`;
      const knownIds = new Set(known.map((k) => k.id));
      for (const record of records) {
        const result = record.value;
        if (!knownIds.has(result.chargeId)) {
          summary.unknownCharges.push(record);
          continue;
        }
        const inserted = await tx.$executeRaw`
          INSERT INTO processed_events (event_id, topic, kafka_partition, kafka_offset, charge_id, outcome)
          VALUES (${result.eventId}::uuid, ${record.topic}, ${record.partition}, ${BigInt(record.offset)}, ${result.chargeId}::uuid, ${result.outcome})
          ON CONFLICT (event_id) DO NOTHING`;
        if (inserted === 0) {
          summary.duplicates += 1;
          continue;
        }
        const rank = TOLL_CHARGE_STATUS_RANK[result.outcome];
        const updated = await tx.$executeRaw`
          UPDATE toll_charges SET
            status = ${result.outcome}::toll_charge_status,
            status_rank = ${rank},
            attempts = ${result.attempts},
            decline_code = ${result.declineCode},
            gateway_charge_id = ${result.gatewayChargeId}::uuid,
            last_error = ${result.outcome === 'SETTLED' ? null : result.reason},
            settled_at = ${result.outcome === 'SETTLED' ? new Date(result.decidedAt) : null},
            updated_at = now()
          WHERE id = ${result.chargeId}::uuid AND status_rank < ${rank}`;
        const outcome = updated === 1 ? result.outcome : 'stale';
        if (updated === 0) {
          await tx.$executeRaw`UPDATE processed_events SET outcome = 'stale' WHERE event_id = ${result.eventId}::uuid`;
        }
        summary.applied[outcome] = (summary.applied[outcome] ?? 0) + 1;
      }
    });
    return summary;
  }
}
