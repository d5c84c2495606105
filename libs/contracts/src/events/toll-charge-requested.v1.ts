import { z } from 'zod';
import { eventContract } from './event-envelope';
import { EVENT_TYPES } from './event-types';
import { amountMinorSchema, cardTokenSchema, currencySchema } from '../money';

/**
 * Value of a record on toll.charges.v1: one toll to be charged. It is
 * self-describing (event id and schema version are also in the value), so a
 * record read from a dead-letter topic can be understood on its own.
 */
export const tollChargeRequestedV1Schema = z
  .object({
    eventId: z.uuid(),
    schemaVersion: z.literal(1),
    chargeId: z.uuid(),
    plate: z.string().min(1).max(16),
    vehicleClass: z.string().min(1),
    plazaId: z.string().min(1),
    laneId: z.string().min(1),
    entryPlazaId: z.string().min(1).nullable(),
    exitedAt: z.iso.datetime({ offset: true }),
    amountMinor: amountMinorSchema,
    currency: currencySchema,
    cardToken: cardTokenSchema,
  })
  .strict();

export type TollChargeRequestedV1 = z.infer<typeof tollChargeRequestedV1Schema>;

/** Type and schema version of this event, for its record headers (eventEnvelopeHeaders). */
export const TOLL_CHARGE_REQUESTED_V1 = eventContract(
  EVENT_TYPES.tollChargeRequested,
  tollChargeRequestedV1Schema,
);
