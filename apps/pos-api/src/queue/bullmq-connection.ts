import { Redis } from 'ioredis';

/** BullMQ wants its own connections (workers and QueueEvents block on them). */
export function bullmqConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
