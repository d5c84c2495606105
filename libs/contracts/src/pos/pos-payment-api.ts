import { z } from 'zod';
import { amountMinorSchema, cardTokenSchema, currencySchema } from '../money';

/** Header (or `?via=queue`) that sends a till payment through the queue (hybrid mode). */
export const PAYMENT_MODE_HEADER = 'x-payment-mode';
export const POS_PAYMENT_MODES = ['sync', 'queue'] as const;
export type PosPaymentModeName = (typeof POS_PAYMENT_MODES)[number];

const idSchema = z
  .string({ error: 'is required' })
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'may contain only letters, digits and . _ -');

/** Path parameter of /pos/payments/:id: a payment id is a uuid. */
export const posPaymentIdSchema = z.guid({ error: 'must be a payment id (uuid)' });

/** Body of `POST /pos/payments`. Unknown fields are refused. */
export const posPaymentRequestSchema = z
  .object({
    storeId: idSchema,
    terminalId: idSchema,
    amount: amountMinorSchema,
    currency: currencySchema,
    cardToken: cardTokenSchema,
  })
  .strict();
export type PosPaymentRequest = z.infer<typeof posPaymentRequestSchema>;

/** `error` values of pos-api answers other than 201. */
export const POS_ERROR_CODES = {
  cardDeclined: 'card_declined',
  gatewayUnavailable: 'gateway_unavailable',
  circuitOpen: 'circuit_open',
  /** Queue mode: the job could not be put on the queue (Redis unavailable) before the deadline; nothing charged. */
  queueUnavailable: 'queue_unavailable',
  gatewayTimeout: 'gateway_timeout',
  /** Reset or 5xx after the request reached the gateway: may have been charged; resolved like a timeout. */
  gatewayOutcomeUnknown: 'gateway_outcome_unknown',
  gatewayError: 'gateway_error',
  paymentInProgress: 'payment_in_progress',
  idempotencyKeyReused: 'idempotency_key_reused',
  paymentNotFound: 'payment_not_found',
} as const;
