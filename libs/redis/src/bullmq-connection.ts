import { Redis } from 'ioredis';

/**
 * A connection BullMQ can use: workers and QueueEvents block on Redis, so
 * maxRetriesPerRequest must be null (commands wait for a reconnect instead of
 * failing). BullMQ does not close connections it was given: the caller does.
 */
export function bullmqConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
