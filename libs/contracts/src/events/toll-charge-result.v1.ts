import { z } from 'zod';

export const TOLL_CHARGE_OUTCOMES = ['SETTLED', 'DECLINED', 'FAILED'] as const;
export type TollChargeOutcome = (typeof TOLL_CHARGE_OUTCOMES)[number];

/** Value of a record on toll.charge-results.v1: the one final outcome of a toll charge. */
export const tollChargeResultV1Schema = z
  .object({
    eventId: z.uuid(),
    schemaVersion: z.literal(1),
    chargeId: z.uuid(),
    plate: z.string().min(1),
    outcome: z.enum(TOLL_CHARGE_OUTCOMES),
    gatewayChargeId: z.string().nullable(),
    declineCode: z.string().nullable(),
    /** Human-readable cause for DECLINED / FAILED. */
    reason: z.string().nullable(),
    attempts: z.number().int().positive(),
    decidedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type TollChargeResultV1 = z.infer<typeof tollChargeResultV1Schema>;
