import { ManagedConsumer } from '../consumer/managed-consumer';
import { ManagedConsumerOptions } from '../consumer/managed-consumer-options';
import { ConsumerLogTarget, consumerLogTo } from './consumer-log.adapter';

/** The group settings a consumer app reads from its environment (the same variable names in every app). */
export interface ConsumerGroupConfig {
  CONSUMER_GROUP: string;
  PARTITIONS_CONSUMED_CONCURRENTLY: number;
  KAFKA_SESSION_TIMEOUT_MS: number;
  KAFKA_HEARTBEAT_INTERVAL_MS: number;
}

/** The app's lag gauge (prom-client), set per partition after each batch. */
export interface PartitionLagGauge {
  set(labels: { partition: string }, value: number): void;
}

/** Where the app's readiness checks go (@paystream/observability's ReadinessRegistry). */
export interface ReadinessTarget {
  register(check: { name: string; check(): Promise<void> }): void;
}

export interface AppConsumerOptions<T> extends Omit<
  ManagedConsumerOptions<T>,
  | 'groupId'
  | 'partitionsConsumedConcurrently'
  | 'sessionTimeoutMs'
  | 'heartbeatIntervalMs'
  | 'logger'
  | 'onBatch'
> {
  config: ConsumerGroupConfig;
  /** Name of the readiness check "the consumer is running". */
  readinessName: string;
  logger: ConsumerLogTarget;
  lag: PartitionLagGauge;
}

/**
 * A consumer app's ManagedConsumer, wired the one way: group settings from
 * the app's config, lines through the app's logger, lag into the app's
 * gauge, and "running" (between start and stop) as a readiness check.
 */
export class AppConsumer<T> {
  private readonly consumer: ManagedConsumer<T>;
  private readonly readinessName: string;
  private running = false;

  constructor({ config, readinessName, logger, lag, ...options }: AppConsumerOptions<T>) {
    this.readinessName = readinessName;
    this.consumer = new ManagedConsumer({
      ...options,
      groupId: config.CONSUMER_GROUP,
      partitionsConsumedConcurrently: config.PARTITIONS_CONSUMED_CONCURRENTLY,
      sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
      logger: consumerLogTo(logger),
      onBatch: ({ partition, lag: behind }) =>
        lag.set({ partition: String(partition) }, Number(behind)),
    });
  }

  registerReadiness(readiness: ReadinessTarget): void {
    readiness.register({
      name: this.readinessName,
      check: async () => {
        if (!this.running) throw new Error('consumer not running');
      },
    });
  }

  async start(): Promise<void> {
    await this.consumer.start();
    this.running = true;
  }

  /** Not ready from now on; stops taking records, drains what is in flight, commits and leaves. */
  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.stop();
  }
}
