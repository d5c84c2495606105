import type { Redis } from 'ioredis';
import { EvictionPolicyError } from './eviction-policy.error';

/**
 * Refuses a Redis that may evict keys (the one check every queue user runs
 * before creating queues). `redisUrl` only names the server in the error.
 */
export async function assertNoEviction(redis: Redis, redisUrl?: string): Promise<void> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1] ?? 'unknown';
  if (policy !== 'noeviction') throw new EvictionPolicyError(policy, redisUrl);
}
