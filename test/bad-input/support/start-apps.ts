import { AppProcess, createTopic, deleteTopic, freePort, randomName } from '@paystream/testing';

/** Starting a Nest app under swc-node can take a minute or more on a loaded 2-core machine. */
const START_TIMEOUT_MS = 180_000;
export const ADMIN_TOKEN = 'bad-input-admin-token-0123456789';

/** The real gateway as an OS process over the given (migrated) database. */
export async function startGateway(databaseUrl: string): Promise<AppProcess> {
  return AppProcess.start({
    app: 'payment-gateway',
    port: await freePort(),
    timeoutMs: START_TIMEOUT_MS,
    env: { DATABASE_URL: databaseUrl, ADMIN_TOKEN, LOG_LEVEL: 'warn', HOLD_MAX_MS: '3000' },
  });
}

/** The till as an OS process, its queue under a random BullMQ prefix. */
export async function startTill(
  databaseUrl: string,
  gatewayUrl: string,
  queuePrefix: string,
): Promise<AppProcess> {
  return AppProcess.start({
    app: 'pos-api',
    port: await freePort(),
    timeoutMs: START_TIMEOUT_MS,
    env: {
      DATABASE_URL: databaseUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      GATEWAY_URL: gatewayUrl,
      QUEUE_PREFIX: queuePrefix,
      LOG_LEVEL: 'warn',
    },
  });
}

export async function startTollApi(databaseUrl: string): Promise<AppProcess> {
  return AppProcess.start({
    app: 'toll-api',
    port: await freePort(),
    timeoutMs: START_TIMEOUT_MS,
    env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
  });
}

/** The three Kafka apps (HTTP only for health, metrics, docs and the group view), on random topics and groups. */
export class KafkaApps {
  readonly topics = {
    charges: randomName('bad-input-charges'),
    results: randomName('bad-input-results'),
    chargesDlq: randomName('bad-input-charges-dlq'),
    resultsDlq: randomName('bad-input-results-dlq'),
  };
  readonly retryPrefix = randomName('bad-input-bull');
  relay?: AppProcess;
  worker?: AppProcess;
  sink?: AppProcess;

  async start(databaseUrl: string, gatewayUrl: string): Promise<void> {
    for (const topic of Object.values(this.topics)) await createTopic(topic);
    const brokers = process.env.KAFKA_BROKERS!;
    const common = { KAFKA_BROKERS: brokers, LOG_LEVEL: 'warn' };
    const [relay, worker, sink] = await Promise.allSettled([
      AppProcess.start({
        app: 'outbox-relay',
        port: await freePort(),
        timeoutMs: START_TIMEOUT_MS,
        waitFor: 'live',
        env: { ...common, DATABASE_URL: databaseUrl, KAFKA_PROVISION_ON_START: 'false' },
      }),
      AppProcess.start({
        app: 'charge-worker',
        port: await freePort(),
        timeoutMs: START_TIMEOUT_MS,
        waitFor: 'live',
        env: {
          ...common,
          GATEWAY_URL: gatewayUrl,
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
          CHARGES_TOPIC: this.topics.charges,
          CHARGE_RESULTS_TOPIC: this.topics.results,
          CHARGES_DLQ_TOPIC: this.topics.chargesDlq,
          CONSUMER_GROUP: randomName('bad-input-workers'),
          RETRY_QUEUE_NAME: randomName('bad-input-retries'),
          RETRY_QUEUE_PREFIX: this.retryPrefix,
        },
      }),
      AppProcess.start({
        app: 'db-sink',
        port: await freePort(),
        timeoutMs: START_TIMEOUT_MS,
        waitFor: 'live',
        env: {
          ...common,
          DATABASE_URL: databaseUrl,
          CHARGE_RESULTS_TOPIC: this.topics.results,
          CHARGE_RESULTS_DLQ_TOPIC: this.topics.resultsDlq,
          CONSUMER_GROUP: randomName('bad-input-sink'),
        },
      }),
    ]);
    if (relay.status === 'fulfilled') this.relay = relay.value;
    if (worker.status === 'fulfilled') this.worker = worker.value;
    if (sink.status === 'fulfilled') this.sink = sink.value;
    for (const started of [relay, worker, sink])
      if (started.status === 'rejected') throw started.reason;
  }

  async stop(): Promise<void> {
    await Promise.all([this.relay, this.worker, this.sink].map((app) => app?.kill('SIGTERM')));
    for (const topic of Object.values(this.topics)) await deleteTopic(topic).catch(() => undefined);
  }
}
