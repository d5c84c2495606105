import { z } from 'zod';
import { amountMinorSchema, cardTokenSchema, currencySchema } from '../money';
import { textRecordSchema, textSchema } from '../text';

/** Metadata is free text for the merchant (Stripe-like bounds): at most this many keys. */
export const MAX_METADATA_KEYS = 50;

/** Path parameter of /v1/charges/:id: a charge id is a uuid (anything else is a 400, not a database error). */
export const gatewayChargeIdSchema = z.guid({ error: 'must be a charge id (uuid)' });

export const gatewayChargeRequestSchema = z
  .object({
    amount: amountMinorSchema,
    currency: currencySchema,
    cardToken: cardTokenSchema,
    reference: textSchema({ max: 128 }),
    metadata: textRecordSchema({
      maxKeys: MAX_METADATA_KEYS,
      keyMax: 40,
      valueMax: 500,
    }).optional(),
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
