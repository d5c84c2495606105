import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { ConsoleConfig } from '../config/console.config';
import { QueueCounts } from './console-snapshot';

/**
 * BullMQ's view of the two queues: the workers' delayed retries and the
 * till's hybrid queue. Read only; with Redis gone a read fails fast (no
 * offline queue) and the page says so.
 */
@Injectable()
export class QueuesReader implements OnApplicationShutdown {
  private readonly connection: IORedis;
  private readonly retries: Queue;
  private readonly till: Queue;

  constructor(@Inject(APP_CONFIG) config: ConsoleConfig) {
    this.connection = new IORedis(config.REDIS_URL, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: config.SOURCE_TIMEOUT_MS,
    });
    this.connection.on('error', () => undefined);
    this.retries = new Queue(config.RETRY_QUEUE_NAME, {
      connection: this.connection,
      prefix: config.RETRY_QUEUE_PREFIX,
    });
    this.till = new Queue(config.POS_QUEUE_NAME, {
      connection: this.connection,
      prefix: config.POS_QUEUE_PREFIX,
    });
    this.retries.on('error', () => undefined);
    this.till.on('error', () => undefined);
  }

  read(): Promise<{ retries: QueueCounts; till: QueueCounts }> {
    return Promise.all([counts(this.retries), counts(this.till)]).then(([retries, till]) => ({
      retries,
      till,
    }));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.retries.close(), this.till.close()]);
    this.connection.disconnect();
  }
}

async function counts(queue: Queue): Promise<QueueCounts> {
  const c = await queue.getJobCounts('waiting', 'delayed', 'active', 'failed');
  return {
    waiting: c.waiting ?? 0,
    delayed: c.delayed ?? 0,
    active: c.active ?? 0,
    failed: c.failed ?? 0,
  };
}
