import { EVENT_TYPES, HEADERS, TollChargeRequestedV1 } from '@paystream/contracts';
import { TestRecord } from '@paystream/testing';

/** A charge record as the outbox relay publishes it (key = plate). */
export function chargeRecord(charge: TollChargeRequestedV1): TestRecord {
  return {
    key: charge.plate,
    value: charge,
    headers: {
      [HEADERS.eventId]: charge.eventId,
      [HEADERS.eventType]: EVENT_TYPES.tollChargeRequested,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.occurredAt]: charge.exitedAt,
    },
  };
}
