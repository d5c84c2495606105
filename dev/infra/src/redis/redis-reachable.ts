import { Redis } from 'ioredis';

/** One-shot client: no retries, no offline queue, short timeouts. */
export function probeClient(url: string, timeoutMs: number): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  return client;
}

/** True when `url` answers PING within the timeout. */
export async function isRedisReachable(url: string, timeoutMs = 1_500): Promise<boolean> {
  const client = probeClient(url, timeoutMs);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
