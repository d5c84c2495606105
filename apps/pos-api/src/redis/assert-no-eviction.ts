import type { Redis } from 'ioredis';
import { EvictionPolicyError } from './eviction-policy.error';

/** Refuses to run queues on a Redis that may evict keys. */
export async function assertNoEviction(redis: Redis): Promise<void> {
  const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
  const policy = reply[1] ?? 'unknown';
  if (policy !== 'noeviction') throw new EvictionPolicyError(policy);
}
