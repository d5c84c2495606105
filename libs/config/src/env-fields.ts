import { z } from 'zod';

/** Reusable field parsers for environment variables (all strings on input). */
export const env = {
  port: (fallback: number) =>
    z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) =>
    z.coerce.number({ error: 'must be an integer' }).int().min(min).default(fallback),
  positiveInt: (fallback: number) =>
    z.coerce.number({ error: 'must be a positive integer' }).int().positive().default(fallback),
  number: (fallback: number) =>
    z.coerce.number({ error: 'must be a number' }).nonnegative().default(fallback),
  url: (protocols: string[]) =>
    z
      .string({ error: 'is required' })
      .min(1, 'is required')
      .refine(
        (value) => {
          try {
            return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
          } catch {
            return false;
          }
        },
        `must be a URL with protocol ${protocols.join(' or ')}`,
      ),
  /** Comma-separated host:port list, e.g. "127.0.0.1:9092,127.0.0.1:9093". */
  brokers: () =>
    z
      .string({ error: 'is required (comma-separated host:port list)' })
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(
        z
          .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
          .min(1, 'needs at least one host:port'),
      ),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1'),
  logLevel: () =>
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  string: (fallback: string) => z.string().min(1).default(fallback),
};

/** Fields every app shares. */
export const baseConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: env.logLevel(),
  SHUTDOWN_TIMEOUT_MS: env.positiveInt(10_000),
});
