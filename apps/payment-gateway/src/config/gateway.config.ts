import { baseConfigSchema, env } from '@paystream/config';
import { z } from 'zod';

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: env.port(4000),
  HOST: env.string('127.0.0.1'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  /** Shared secret for /admin/faults (header x-admin-token). */
  ADMIN_TOKEN: z.string({ error: 'is required' }).min(16, 'must be at least 16 characters'),
  /** How long a stored response is replayed for its Idempotency-Key (Stripe keeps 24 h). */
  IDEMPOTENCY_KEY_TTL_MS: env.positiveInt(86_400_000),
  /** An in-flight key older than this is considered abandoned (crashed request) and may be taken over. */
  IDEMPOTENCY_LOCK_TIMEOUT_MS: env.positiveInt(60_000),
  /** How often expired keys are purged (they are also ignored lazily when met). */
  IDEMPOTENCY_PURGE_INTERVAL_MS: env.positiveInt(60_000),
  /** How long tok_timeout and injected hangs hold the reply: "never in time", but never forever. */
  HOLD_MAX_MS: env.positiveInt(30_000),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_SERVICE_NAME = 'payment-gateway';
