import { RedisServer, startRedis } from '@paystream/dev-infra';
import { assertNoEviction, bullmqConnection, EvictionPolicyError } from '@paystream/redis';
import type { Redis } from 'ioredis';

// Starting a redis-server takes a moment on a busy machine.
jest.setTimeout(60_000);

describe('assertNoEviction (the one shared check)', () => {
  let server: RedisServer;
  let redis: Redis;

  beforeAll(async () => {
    // Our own redis-server: the test changes its configuration (never the shared one's).
    server = await startRedis({ url: null });
    redis = bullmqConnection(server.url);
  });

  afterAll(async () => {
    await redis?.quit();
    await server?.stop();
  });

  it('accepts a Redis with maxmemory-policy noeviction', async () => {
    await expect(assertNoEviction(redis, server.url)).resolves.toBeUndefined();
  });

  it('refuses any other policy, naming the policy, the server and the fix', async () => {
    await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const refusal = assertNoEviction(redis, server.url);
      await expect(refusal).rejects.toBeInstanceOf(EvictionPolicyError);
      await expect(refusal).rejects.toThrow(
        /127\.0\.0\.1.*"allkeys-lru".*CONFIG SET maxmemory-policy noeviction/s,
      );
    } finally {
      await redis.config('SET', 'maxmemory-policy', 'noeviction');
    }
  });

  it('hands BullMQ a connection that waits for Redis instead of failing commands', () => {
    expect(redis.options.maxRetriesPerRequest).toBeNull();
  });
});
