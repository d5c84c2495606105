import { cardTokenSchema } from '@paystream/contracts';
import { z } from 'zod';

const plazaOrLane = z
  .string({ error: 'is required' })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'must be 1-32 letters, digits, _ or -');

/** POST /toll/exits body. Unknown fields are refused (400). */
export const exitRequestSchema = z
  .object({
    plazaId: plazaOrLane,
    laneId: plazaOrLane,
    // Plates are compared upper-case: "ab-123" and "AB-123" are one vehicle (one Kafka key).
    plate: z
      .string({ error: 'is required' })
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9][A-Z0-9 -]{0,15}$/, 'must be 1-16 letters, digits, spaces or -'),
    vehicleClass: z
      .string({ error: 'is required' })
      .regex(
        /^[a-z][a-z_]{0,31}$/,
        'must be a lower-case class name such as car, van, truck, motorcycle',
      ),
    cardToken: cardTokenSchema,
    entryPlazaId: plazaOrLane.nullish(),
    exitedAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time with offset' })
      .optional(),
  })
  .strict();

export type ExitRequest = z.infer<typeof exitRequestSchema>;
