import { z } from 'zod';

export const chargeIdSchema = z.uuid({ error: 'must be a charge id (uuid)' });

export function chargesQuerySchema(maxLimit: number) {
  return z
    .object({
      plate: z
        .string({ error: 'is required' })
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9][A-Z0-9 -]{0,15}$/, 'must be 1-16 letters, digits, spaces or -'),
      // Digits only: Number() would also take "0x10", "1e1" or " 5".
      limit: z
        .string({ error: 'must be an integer' })
        .regex(/^[0-9]{1,9}$/, 'must be an integer')
        .transform(Number)
        .pipe(z.number().min(1, 'must be at least 1').max(maxLimit, `must be at most ${maxLimit}`))
        .default(Math.min(50, maxLimit)),
    })
    .strict();
}

export type ChargesQuery = z.infer<ReturnType<typeof chargesQuerySchema>>;
