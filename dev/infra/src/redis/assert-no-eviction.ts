import { assertNoEviction as assertClientNoEviction } from '@paystream/redis';
import { probeClient } from './redis-reachable';

/**
 * Refuses a Redis that may evict keys, given only its URL (the dev tools'
 * side of @paystream/redis's one check). Call before creating queues.
 */
export async function assertNoEviction(redisUrl: string, timeoutMs = 3_000): Promise<void> {
  const client = probeClient(redisUrl, timeoutMs);
  try {
    await client.connect();
    await assertClientNoEviction(client, redisUrl);
  } finally {
    client.disconnect();
  }
}
