import { z } from 'zod';
import { InvalidConfigError } from './invalid-config.error';
import { baseConfigSchema, env } from './env-fields';
import { loadConfig } from './load-config';

const schema = baseConfigSchema.extend({
  PORT: env.port(3000),
  KAFKA_BROKERS: env.brokers(),
  DATABASE_URL: env.url(['postgres', 'postgresql']),
  FLAG: env.bool(false),
});

describe('loadConfig', () => {
  it('parses and applies defaults', () => {
    const config = loadConfig('svc', schema, {
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
      DATABASE_URL: 'postgresql://u@h:5432/db',
      FLAG: 'true',
    });
    expect(config.PORT).toBe(3000);
    expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.FLAG).toBe(true);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names every bad or missing variable', () => {
    let caught: unknown;
    try {
      loadConfig('svc', schema, {
        PORT: 'eighty',
        KAFKA_BROKERS: 'nohostport',
        DATABASE_URL: 'http://x',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidConfigError);
    const variables = (caught as InvalidConfigError).problems.map((p) => p.variable).sort();
    expect(variables).toEqual(['DATABASE_URL', 'KAFKA_BROKERS.0', 'PORT']);
    expect((caught as Error).message).toContain('DATABASE_URL: must be a URL with protocol');
  });

  it('reports a missing required variable as required', () => {
    expect(() => loadConfig('svc', z.object({ REDIS_URL: env.url(['redis']) }), {})).toThrow(
      /REDIS_URL: is required/,
    );
  });
});
