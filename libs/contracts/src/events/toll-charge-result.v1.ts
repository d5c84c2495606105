import { z } from 'zod';
import { eventContract } from './event-envelope';
import { EVENT_TYPES } from './event-types';

export const TOLL_CHARGE_OUTCOMES = ['SETTLED', 'DECLINED', 'FAILED'] as const;
export type TollChargeOutcome = (typeof TOLL_CHARGE_OUTCOMES)[number];

/** Postgres `integer` (toll_charges.attempts). */
const PG_INT_MAX = 2_147_483_647;

/**
 * Postgres `text`: any string except one holding NUL, which Postgres cannot
 * store (the sink's write would fail for every retry).
 */
const pgText = () =>
  z
    .string()
    .refine((value) => !value.includes('\u0000'), { message: 'must not contain a NUL character' });

/** Value of a record on toll.charge-results.v1: the one final outcome of a toll charge. */
// Each field accepts exactly what its toll_charges / processed_events column can hold (prisma/schema.prisma),
// so a result the sink cannot write is refused here, with the field named, instead of wedging the sink.
export const tollChargeResultV1Schema = z
  .object({
    eventId: z.uuid(),
    schemaVersion: z.literal(1),
    chargeId: z.uuid(),
    plate: pgText().min(1),
    outcome: z.enum(TOLL_CHARGE_OUTCOMES),
    /** gateway_charges.id as told by the gateway: a uuid column. */
    gatewayChargeId: z.uuid().nullable(),
    declineCode: pgText().nullable(),
    /** Human-readable cause for DECLINED / FAILED. */
    reason: pgText().nullable(),
    attempts: z.number().int().positive().max(PG_INT_MAX),
    decidedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type TollChargeResultV1 = z.infer<typeof tollChargeResultV1Schema>;

/** Type and schema version of this event, for its record headers (eventEnvelopeHeaders). */
export const TOLL_CHARGE_RESULT_V1 = eventContract(
  EVENT_TYPES.tollChargeResult,
  tollChargeResultV1Schema,
);
