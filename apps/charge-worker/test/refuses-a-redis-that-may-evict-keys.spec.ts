import { RedisServer, startRedis } from '@paystream/dev-infra';
import {
  AppProcess,
  createTopic,
  deleteTopic,
  freePort,
  randomName,
  waitUntil,
} from '@paystream/testing';
import { Redis } from 'ioredis';
import { APP_START_TIMEOUT_MS } from './support/toll-world';

/**
 * Scheduled retries live in Redis: a Redis that may evict keys under memory
 * pressure silently drops them. The worker refuses to start on one, with the
 * same check (and message) as pos-api, from libs/redis.
 */
describe('charge-worker on a Redis whose maxmemory-policy may evict keys', () => {
  let redis: RedisServer;
  const topic = randomName('charges');

  beforeAll(async () => {
    // Our own redis-server: we change its configuration (never the shared one's).
    redis = await startRedis({ url: null });
    const client = new Redis(redis.url);
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    await client.quit();
    await createTopic(topic);
  }, 60_000);

  afterAll(async () => {
    await deleteTopic(topic).catch(() => undefined);
    await redis?.stop();
  }, 60_000);

  it(
    'refuses to start, naming the policy and the fix',
    async () => {
      const worker = await AppProcess.start({
        app: 'charge-worker',
        port: await freePort(),
        waitFor: 'none',
        env: {
          KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
          REDIS_URL: redis.url,
          DATABASE_URL: process.env.DATABASE_URL!,
          GATEWAY_URL: 'http://127.0.0.1:9',
          CHARGES_TOPIC: topic,
          CONSUMER_GROUP: randomName('workers'),
          RETRY_QUEUE_PREFIX: randomName('bull'),
          LOG_LEVEL: 'warn',
        },
      });
      try {
        // Either it gives up (the fix) or it becomes ready (the defect): wait for whichever comes first.
        await waitUntil(
          async () =>
            worker.hasExited ||
            (await fetch(`${worker.url}/health/ready`).catch(() => undefined))?.ok === true,
          {
            timeoutMs: APP_START_TIMEOUT_MS,
            intervalMs: 200,
            description: 'the worker exits or becomes ready',
          },
        );
        expect(worker.hasExited).toBe(true);
        expect(worker.logs.join('\n')).toMatch(/maxmemory-policy "allkeys-lru".*noeviction/s);
      } finally {
        await worker.kill('SIGTERM', 10_000);
      }
    },
    APP_START_TIMEOUT_MS + 30_000,
  );
});
