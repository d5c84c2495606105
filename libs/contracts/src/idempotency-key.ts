import { z } from 'zod';

/** Header every write that must happen once carries (Stripe-style): the gateway's charges, the till's payments. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** The one rule for an Idempotency-Key (header or query value). */
export const idempotencyKeySchema = z
  .string({ error: 'header Idempotency-Key is required' })
  .min(8, 'must be at least 8 characters')
  .max(255, 'must be at most 255 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');
