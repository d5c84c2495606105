import { createTestDatabase, TestDatabase } from '@paystream/db';
import { createKafka, provisionTopics } from '@paystream/kafka';
import { TOPIC_SPECS, TOPICS } from '@paystream/contracts';
import { assertNoEviction, isPortFree, KafkaCluster, startKafka, startPostgres, startRedis } from '@paystream/infra';
import { AppProcess, freePort } from '@paystream/testing';
import { logLevel } from 'kafkajs';
import { DemoOptions } from './demo-options';
import { refuseKeepDbOnEmbeddedPostgres } from './keep-db';

/** Everything the demo started (or, with --external, found), and how to stop it. */
export interface DemoSystem {
  databaseUrl: string;
  /** Database name (kept afterwards only with --keep-db / npm start --keep-data). */
  databaseName: string;
  kafkaBrokers: string[];
  kafka?: KafkaCluster;
  urls: { gateway: string; pos: string; toll: string };
  adminToken: string;
  /** Worker processes by index (empty with --external). */
  workers: AppProcess[];
  addWorker(): Promise<AppProcess>;
  /** One process per app (for log tails on failure). */
  apps: AppProcess[];
  stop(): Promise<void>;
}

const ADMIN_TOKEN = 'demo-admin-token-0123456789';

/** How `npm start` lays the same system out for hands-on use (the demo uses none of it). */
export interface SystemLayout {
  /** Port per app, used when free (else any free port), so curl lines stay the same. */
  preferredPorts?: Readonly<Record<string, number>>;
  /** Kafka's data is kept here across runs. */
  kafkaDataDir?: string;
  /** Use this database (created and migrated if missing) and keep it, instead of a fresh one. */
  openDatabase?: (serverUrl: string) => Promise<TestDatabase>;
  /** Extra environment for every app (e.g. LOG_LEVEL). */
  appEnv?: Readonly<Record<string, string>>;
}

/**
 * Retry timing for the demo: short delays, so charges settle within seconds
 * of the gateway's return (transient failures are retried without limit).
 */
const DEMO_RETRY_ENV = {
  RETRY_BASE_DELAY_MS: '250',
  RETRY_MAX_DELAY_MS: '3000',
};

export async function startDemoSystem(
  options: DemoOptions,
  runId: string,
  log: (line: string) => void,
  onStarted: (stop: () => Promise<void>) => void,
  layout: SystemLayout = {},
): Promise<DemoSystem> {
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  // Registered before anything starts, so Ctrl-C during start-up also cleans up.
  onStarted(stopAll);

  log(`Starting Kafka (${options.brokers} broker${options.brokers > 1 ? 's' : ''}), Postgres and Redis…`);
  const [kafka, postgres, redis] = await Promise.all([
    startKafka({
      brokers: options.brokers,
      dataDir: layout.kafkaDataDir,
      keepData: layout.kafkaDataDir !== undefined,
      onProgress: (l) => log(`  kafka: ${l}`),
    }),
    startPostgres({ onProgress: (l) => log(`  postgres: ${l}`) }),
    startRedis({ onProgress: (l) => log(`  redis: ${l}`) }),
  ]);
  stops.push(() => kafka.stop(), () => postgres.stop(), () => redis.stop());
  await assertNoEviction(redis.url);
  refuseKeepDbOnEmbeddedPostgres(options.keepDb, postgres);

  const db: TestDatabase = layout.openDatabase
    ? await layout.openDatabase(postgres.url)
    : await createTestDatabase(postgres.url);
  if (!options.keepDb && !layout.openDatabase) stops.push(() => db.drop());
  log(`  database ${db.name} migrated`);

  const admin = createKafka({ clientId: 'demo-admin', brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const report = await provisionTopics(admin, TOPIC_SPECS, {
    partitions: { [TOPICS.tollCharges]: options.partitions, [TOPICS.tollChargeResults]: options.partitions },
  });
  await admin.disconnect();
  log(
    `  topics: ${report.created.join(', ')} (RF ${report.replication.replicationFactor}, ` +
      `min ISR ${report.replication.minInsyncReplicas}, ${options.partitions} partitions)`,
  );

  const brokers = kafka.bootstrapServers.join(',');
  const common = { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...layout.appEnv };
  const portFor = async (app: string): Promise<number> => {
    const preferred = layout.preferredPorts?.[app];
    return preferred !== undefined && (await isPortFree(preferred)) ? preferred : freePort();
  };
  const apps: AppProcess[] = [];
  const startApp = async (app: string, env: Record<string, string>) => {
    const proc = await AppProcess.start({ app, port: await portFor(app), env: { ...common, ...env } });
    apps.push(proc);
    stops.push(() => proc.kill('SIGTERM', 10_000).then(() => undefined));
    return proc;
  };

  log('Starting the six apps as separate processes…');
  const gateway = await startApp('payment-gateway', { DATABASE_URL: db.url, ADMIN_TOKEN });
  const [pos, toll, , sink] = await Promise.all([
    startApp('pos-api', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      GATEWAY_URL: gateway.url,
      QUEUE_PREFIX: `demo-${runId}`,
      // Probe the gateway again after 3 s rather than 10 s, so recovery shows within a phase.
      BREAKER_RESET_TIMEOUT_MS: '3000',
    }),
    startApp('toll-api', { DATABASE_URL: db.url }),
    startApp('outbox-relay', { DATABASE_URL: db.url, KAFKA_BROKERS: brokers, KAFKA_PROVISION_ON_START: 'false' }),
    startApp('db-sink', { DATABASE_URL: db.url, KAFKA_BROKERS: brokers }),
  ]);
  void sink;
  const workers: AppProcess[] = [];
  const addWorker = async () => {
    const worker = await startApp('charge-worker', {
      KAFKA_BROKERS: brokers,
      KAFKA_CLIENT_ID: `charge-worker-${workers.length + 1}`,
      GATEWAY_URL: gateway.url,
      GATEWAY_TIMEOUT_MS: '2000',
      REDIS_URL: redis.url,
      DATABASE_URL: db.url,
      RETRY_QUEUE_PREFIX: `demo-${runId}`,
      ...DEMO_RETRY_ENV,
    });
    workers.push(worker);
    return worker;
  };
  for (let i = 0; i < options.workers; i++) await addWorker();
  log(
    `  gateway ${gateway.url} · pos-api ${pos.url} · toll-api ${toll.url} · ` +
      `${workers.length} charge-worker(s) · outbox-relay · db-sink`,
  );

  return {
    databaseUrl: db.url,
    databaseName: db.name,
    kafkaBrokers: kafka.bootstrapServers,
    kafka,
    urls: { gateway: gateway.url, pos: pos.url, toll: toll.url },
    adminToken: ADMIN_TOKEN,
    workers,
    addWorker,
    apps,
    stop: stopAll,
  };
}

/** --external: the services are already running (docker compose); only connect. */
export function externalSystem(options: DemoOptions): DemoSystem {
  const databaseUrl = process.env.DATABASE_URL;
  const kafkaBrokers = process.env.KAFKA_BROKERS?.split(',').filter(Boolean);
  if (!databaseUrl || !kafkaBrokers?.length) {
    throw new Error('--external needs DATABASE_URL and KAFKA_BROKERS of the running system');
  }
  return {
    databaseUrl,
    databaseName: new URL(databaseUrl).pathname.slice(1),
    kafkaBrokers,
    urls: { gateway: options.urls.gateway, pos: options.urls.pos, toll: options.urls.toll },
    adminToken: options.adminToken,
    workers: [],
    addWorker: () => Promise.reject(new Error('cannot add workers with --external: use docker compose up --scale charge-worker=N')),
    apps: [],
    stop: async () => undefined,
  };
}
