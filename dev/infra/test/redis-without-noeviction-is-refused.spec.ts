import { Redis } from 'ioredis';
import {
  assertNoEviction,
  EvictionPolicyError,
  startRedis,
  type RedisServer,
} from '@paystream/dev-infra';
import { isAlive } from './process-helpers';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

describe('a Redis that may evict keys', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ url: null }); // our own redis-server: we change its config
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('is spawned with noeviction and accepted', async () => {
    expect(redis.spawned).toBe(true);
    await expect(assertNoEviction(redis.url)).resolves.toBeUndefined();
  });

  it('is refused with the fix in the message', async () => {
    const client = new Redis(redis.url);
    try {
      await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const refusal = assertNoEviction(redis.url);
      await expect(refusal).rejects.toBeInstanceOf(EvictionPolicyError);
      await expect(refusal).rejects.toThrow(/allkeys-lru.*CONFIG SET maxmemory-policy noeviction/s);
    } finally {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
      client.disconnect();
    }
  });

  it('the spawned server is gone after stop()', async () => {
    const other = await startRedis({ url: null });
    await other.stop();
    expect(isAlive(other.pid!)).toBe(false);
  });

  it('an existing reachable REDIS_URL is used as is', async () => {
    const existing = await startRedis({ url: redis.url });
    expect(existing).toMatchObject({ url: redis.url, spawned: false });
  });
});
