import { EvictionPolicyError } from '../errors/eviction-policy.error';
import { probeClient } from './redis-reachable';

/**
 * Refuses a Redis that may evict keys. BullMQ keeps jobs, locks and the
 * till's queue-mode replies in Redis; with an LRU/LFU/TTL policy Redis
 * silently deletes them under memory pressure. Call before creating queues.
 */
export async function assertNoEviction(redisUrl: string, timeoutMs = 3_000): Promise<void> {
  const client = probeClient(redisUrl, timeoutMs);
  try {
    await client.connect();
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1] ?? 'unknown';
    if (policy !== 'noeviction') throw new EvictionPolicyError(redisUrl, policy);
  } finally {
    client.disconnect();
  }
}
