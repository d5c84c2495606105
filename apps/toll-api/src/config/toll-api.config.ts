import { baseConfigSchema, env } from '@paystream/config';
import { TOPICS } from '@paystream/contracts';
import { z } from 'zod';

export const tollApiConfigSchema = baseConfigSchema.extend({
  PORT: env.port(3200),
  HOST: env.string('127.0.0.1'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: env.positiveInt(10),
  /** How long a request may wait for a pooled connection (pg's connectionTimeoutMillis); past it, 503. */
  DATABASE_TX_MAX_WAIT_MS: env.positiveInt(5_000),
  /** Upper bound of one statement (Postgres statement_timeout), the exit's write included. */
  DATABASE_TX_TIMEOUT_MS: env.positiveInt(10_000),
  /** Topic written into each outbox row (the relay publishes to the row's topic). Tests use a random one. */
  TOLL_CHARGES_TOPIC: env.string(TOPICS.tollCharges),
  /** Largest page of GET /toll/charges?plate=… */
  CHARGES_LIST_MAX: env.positiveInt(200),
});

export type TollApiConfig = z.infer<typeof tollApiConfigSchema>;
export const TOLL_API_SERVICE_NAME = 'toll-api';
