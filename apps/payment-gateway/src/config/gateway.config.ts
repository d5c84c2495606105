import { baseConfigSchema, env } from '@paystream/config';
import { z } from 'zod';

export const gatewayConfigSchema = baseConfigSchema.extend({
  PORT: env.port(4000),
  HOST: env.string('127.0.0.1'),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export const GATEWAY_SERVICE_NAME = 'payment-gateway';
