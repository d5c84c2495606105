import { randomUUID } from 'node:crypto';
import {
  eventEnvelopeHeaders,
  TEST_CARD_TOKENS,
  TOLL_CHARGE_REQUESTED_V1,
  TOLL_CHARGE_RESULT_V1,
  tollChargeRequestedV1Schema,
  type TollChargeRequestedV1,
  type TollChargeResultV1,
} from '@paystream/contracts';
import type { OutgoingRecord } from '@paystream/kafka';
import { settledChargeResult } from '@paystream/testing';

/** Plate number `i` of a pool: keys repeat (a key is not unique), like real vehicles. */
export function plate(i: number): string {
  return `BN-${String(i).padStart(5, '0')}`;
}

/** A real toll.charges.v1 value, validated by the contract, so sizes match production records. */
export function chargeRequested(
  plateNumber: string,
  overrides: Partial<TollChargeRequestedV1> = {},
): TollChargeRequestedV1 {
  return tollChargeRequestedV1Schema.parse({
    eventId: randomUUID(),
    schemaVersion: TOLL_CHARGE_REQUESTED_V1.schemaVersion,
    chargeId: randomUUID(),
    plate: plateNumber,
    vehicleClass: 'car',
    plazaId: 'PLZ-B',
    laneId: 'L03',
    entryPlazaId: 'PLZ-A',
    exitedAt: new Date().toISOString(),
    amountMinor: 320,
    currency: 'EUR',
    cardToken: TEST_CARD_TOKENS.approve,
    ...overrides,
  });
}

/** The record the outbox relay would publish for `event` (key = plate, standard headers). */
export function chargeRecord(event: TollChargeRequestedV1): OutgoingRecord {
  return {
    key: event.plate,
    value: event,
    headers: eventEnvelopeHeaders({
      ...TOLL_CHARGE_REQUESTED_V1,
      eventId: event.eventId,
      occurredAt: new Date(),
    }),
  };
}

/** A SETTLED result for a charge (the shared test fixture). */
export const chargeSettled = settledChargeResult;

export function resultRecord(result: TollChargeResultV1): OutgoingRecord {
  return {
    key: result.plate,
    value: result,
    headers: eventEnvelopeHeaders({
      ...TOLL_CHARGE_RESULT_V1,
      eventId: result.eventId,
      occurredAt: new Date(),
    }),
  };
}
