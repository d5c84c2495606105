import { z } from 'zod';
import { amountMinorSchema, cardTokenSchema, currencySchema } from '../money';

/** Header every charge request must carry (Stripe-style). */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const idempotencyKeySchema = z
  .string({ error: 'header Idempotency-Key is required' })
  .min(8, 'must be at least 8 characters')
  .max(255, 'must be at most 255 characters')
  .regex(/^[A-Za-z0-9._:-]+$/, 'may contain only letters, digits and . _ : -');

export const gatewayChargeRequestSchema = z
  .object({
    amount: amountMinorSchema,
    currency: currencySchema,
    cardToken: cardTokenSchema,
    reference: z.string().min(1).max(128),
    metadata: z.record(z.string(), z.string().max(500)).optional(),
  })
  .strict();
export type GatewayChargeRequest = z.infer<typeof gatewayChargeRequestSchema>;

export const GATEWAY_CHARGE_STATUSES = ['approved', 'declined', 'voided'] as const;
export type GatewayChargeStatus = (typeof GATEWAY_CHARGE_STATUSES)[number];

export interface GatewayCharge {
  id: string;
  idempotencyKey: string;
  status: GatewayChargeStatus;
  declineCode: string | null;
  amount: number;
  currency: string;
  reference: string;
  createdAt: string;
  voidedAt: string | null;
}

/** Fault modes of the simulator, changed at run time through its admin API. */
export const gatewayFaultsSchema = z
  .object({
    down: z.boolean(),
    latencyMs: z.number().int().min(0).max(120_000),
    jitterMs: z.number().int().min(0).max(120_000),
    errorRate: z.number().min(0).max(1),
    hangRate: z.number().min(0).max(1),
    /** Share of charges committed (charge + stored response) whose connection is then destroyed without a reply. */
    resetAfterCommitRate: z.number().min(0).max(1),
    /** Share of charges committed (charge + stored response) that then answer 500 anyway. */
    serverErrorAfterCommitRate: z.number().min(0).max(1),
  })
  .strict();
export type GatewayFaults = z.infer<typeof gatewayFaultsSchema>;
export const ADMIN_TOKEN_HEADER = 'x-admin-token';
