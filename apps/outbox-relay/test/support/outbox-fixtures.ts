import { randomUUID } from 'node:crypto';
import {
  eventEnvelopeHeaders,
  TOLL_CHARGE_REQUESTED_V1,
  TollChargeRequestedV1,
} from '@paystream/contracts';
import { PrismaClient } from '@paystream/db';

/** Outbox rows exactly as toll-api writes them (toll-api itself is exercised in its own tests and the e2e one). */
export async function insertChargeEvents(
  prisma: PrismaClient,
  topic: string,
  plates: string[],
): Promise<Array<{ eventId: string; plate: string }>> {
  const rows = plates.map((plate) => {
    const eventId = randomUUID();
    const occurredAt = new Date();
    const payload: TollChargeRequestedV1 = {
      eventId,
      schemaVersion: 1,
      chargeId: randomUUID(),
      plate,
      vehicleClass: 'car',
      plazaId: 'PLZ-B',
      laneId: 'L1',
      entryPlazaId: 'PLZ-A',
      exitedAt: occurredAt.toISOString(),
      amountMinor: 320,
      currency: 'EUR',
      cardToken: 'tok_visa',
    };
    return {
      eventId,
      eventType: TOLL_CHARGE_REQUESTED_V1.eventType,
      schemaVersion: TOLL_CHARGE_REQUESTED_V1.schemaVersion,
      aggregateType: 'toll_charge',
      aggregateId: payload.chargeId,
      topic,
      key: plate,
      payload,
      headers: eventEnvelopeHeaders({ ...TOLL_CHARGE_REQUESTED_V1, eventId, occurredAt }),
      occurredAt,
    };
  });
  // createMany keeps the given order, so ids follow the array order.
  await prisma.outboxEvent.createMany({ data: rows });
  return rows.map((r) => ({ eventId: r.eventId, plate: r.key }));
}

/** For each key, the order in which its events were FIRST seen must be the order they were written. */
export function firstSeenOrderPerKey(
  records: Array<{ key: string; value: Record<string, unknown> }>,
): Map<string, string[]> {
  const seen = new Set<string>();
  const byKey = new Map<string, string[]>();
  for (const r of records) {
    const id = String(r.value.eventId);
    if (seen.has(id)) continue;
    seen.add(id);
    byKey.set(r.key, [...(byKey.get(r.key) ?? []), id]);
  }
  return byKey;
}
