import { createKafka, provisionTopics } from '@paystream/kafka';
import { TOPIC_SPECS, TOPICS } from '@paystream/contracts';
import {
  assertNoEviction,
  isPortFree,
  KafkaCluster,
  PostgresServer,
  RedisServer,
  startEmbeddedPostgres,
  startKafka,
  startPostgres,
  startRedis,
} from '@paystream/dev-infra';
import { AppProcess, createTestDatabase, freePort, TestDatabase } from '@paystream/testing';
import { logLevel } from 'kafkajs';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import type { DemoOptions } from './demo-options';
import { refuseKeepDbOnEmbeddedPostgres } from './keep-db';

/**
 * What the launcher needs; the demo's options satisfy it, the chaos suite
 * (tools/chaos) adds relays and private servers it can break.
 */
export interface SystemOptions {
  brokers: number;
  partitions: number;
  workers: number;
  keepDb: boolean;
  /** outbox-relay processes (one active, the rest standby); default 1. */
  relays?: number;
  /** 'private': a redis-server of our own (restartable); default: REDIS_URL when reachable. */
  redis?: 'shared' | 'private';
  /** 'embedded': a Postgres of our own (restartable); default: DATABASE_URL when reachable. */
  postgres?: 'shared' | 'embedded';
  /** Extra environment per app folder name, e.g. shorter session timeouts. */
  appEnv?: Record<string, Record<string, string>>;
}

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
  /** Relay processes (the first one started is normally the active one). */
  relays: AppProcess[];
  /** The servers started for this run (absent with --external). */
  redis?: RedisServer;
  postgres?: PostgresServer;
  /** The running process of an app folder (the first one for workers and relays). */
  app(name: string): AppProcess | undefined;
  /**
   * Stops `proc` with `signal` (SIGKILL: a crash) and starts the same app
   * again with the same environment and port; returns the new process.
   */
  restartApp(proc: AppProcess, signal?: NodeJS.Signals): Promise<AppProcess>;
  /**
   * Private Redis only: stops it (everything in it is gone: no persistence)
   * and starts an empty one on the same port after `downMs`.
   */
  restartRedis(downMs: number): Promise<void>;
  /** Processes that exited without being told to (a crash the system did not survive on its own). */
  crashed(): AppProcess[];
  /** Stops `proc` for good (a worker leaving, a crashed process not replaced). */
  stopApp(proc: AppProcess, signal?: NodeJS.Signals): Promise<void>;
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
  options: SystemOptions,
  runId: string,
  log: (line: string) => void,
  onStarted: (stop: () => Promise<void>) => void,
  layout: SystemLayout = {},
): Promise<DemoSystem> {
  const stops: Array<() => Promise<void>> = [];
  // Once stopping, exits are ours: nothing may count them as crashes or start apps again.
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  // Registered before anything starts, so Ctrl-C during start-up also cleans up.
  onStarted(stopAll);

  log(
    `Starting Kafka (${options.brokers} broker${options.brokers > 1 ? 's' : ''}), Postgres and Redis…`,
  );
  const pgProgress = (l: string) => log(`  postgres: ${l}`);
  const [kafka, postgres, redis] = await Promise.all([
    startKafka({
      brokers: options.brokers as 1 | 3,
      dataDir: layout.kafkaDataDir,
      keepData: layout.kafkaDataDir !== undefined,
      onProgress: (l) => log(`  kafka: ${l}`),
    }),
    options.postgres === 'embedded'
      ? startEmbeddedPostgres({ onProgress: pgProgress })
      : startPostgres({ onProgress: pgProgress }),
    startRedis({
      url: options.redis === 'private' ? null : undefined,
      onProgress: (l) => log(`  redis: ${l}`),
    }),
  ]);
  let currentRedis = redis;
  stops.push(
    () => kafka.stop(),
    () => postgres.stop(),
    () => currentRedis.stop(),
  );
  await assertNoEviction(redis.url);
  refuseKeepDbOnEmbeddedPostgres(options.keepDb, postgres);

  const db: TestDatabase = layout.openDatabase
    ? await layout.openDatabase(postgres.url)
    : await createTestDatabase(postgres.url);
  if (!options.keepDb && !layout.openDatabase) stops.push(() => db.drop());
  log(`  database ${db.name} migrated`);

  const admin = createKafka({
    clientId: 'demo-admin',
    brokers: kafka.bootstrapServers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  const report = await provisionTopics(admin, TOPIC_SPECS, {
    partitions: {
      [TOPICS.tollCharges]: options.partitions,
      [TOPICS.tollChargeResults]: options.partitions,
    },
  });
  await admin.disconnect();
  log(
    `  topics: ${report.created.length > 0 ? report.created.join(', ') : 'already there (kept data)'} ` +
      `(RF ${report.replication.replicationFactor}, ` +
      `min ISR ${report.replication.minInsyncReplicas}, ${options.partitions} partitions)`,
  );

  const brokers = kafka.bootstrapServers.join(',');
  const common = { LOG_LEVEL: 'warn', NODE_ENV: 'production', ...layout.appEnv };
  const portFor = async (app: string): Promise<number> => {
    const preferred = layout.preferredPorts?.[app];
    return preferred !== undefined && (await isPortFree(preferred)) ? preferred : freePort();
  };
  const apps: AppProcess[] = [];
  /** Every process ever started (logs of crashed ones stay readable); `apps` holds the live ones. */
  const running = new Set<AppProcess>();
  const everStarted: AppProcess[] = [];
  const launch = async (app: string, env: Record<string, string>, port: number) => {
    if (stopping) throw new Error(`not starting ${app}: the system is stopping`);
    // keepLog: a crashed or replaced process's log is still there for the report.
    const proc = await AppProcess.start({ app, port, env, keepLog: true });
    apps.push(proc);
    running.add(proc);
    everStarted.push(proc);
    return proc;
  };
  stops.push(async () => {
    await Promise.all([...running].map((p) => p.kill('SIGTERM', 10_000).catch(() => undefined)));
    for (const p of everStarted) rmSync(path.dirname(p.logFile), { recursive: true, force: true });
  });
  const startApp = async (app: string, env: Record<string, string>) =>
    launch(app, { ...common, ...env, ...(options.appEnv?.[app] ?? {}) }, await portFor(app));

  log('Starting the six apps as separate processes…');
  const gateway = await startApp('payment-gateway', { DATABASE_URL: db.url, ADMIN_TOKEN });
  const [pos, toll, firstRelay, sink] = await Promise.all([
    startApp('pos-api', {
      DATABASE_URL: db.url,
      REDIS_URL: redis.url,
      GATEWAY_URL: gateway.url,
      QUEUE_PREFIX: `demo-${runId}`,
      // Probe the gateway again after 3 s rather than 10 s, so recovery shows within a phase.
      BREAKER_RESET_TIMEOUT_MS: '3000',
    }),
    startApp('toll-api', { DATABASE_URL: db.url }),
    startApp('outbox-relay', {
      DATABASE_URL: db.url,
      KAFKA_BROKERS: brokers,
      KAFKA_PROVISION_ON_START: 'false',
      KAFKA_CLIENT_ID: 'outbox-relay-1',
    }),
    startApp('db-sink', { DATABASE_URL: db.url, KAFKA_BROKERS: brokers }),
  ]);
  void sink;
  const relayEnv = (i: number) => ({
    DATABASE_URL: db.url,
    KAFKA_BROKERS: brokers,
    KAFKA_PROVISION_ON_START: 'false',
    KAFKA_CLIENT_ID: `outbox-relay-${i}`,
  });
  const relays: AppProcess[] = [firstRelay];
  for (let i = 2; i <= (options.relays ?? 1); i++)
    relays.push(await startApp('outbox-relay', relayEnv(i)));
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
      `${workers.length} charge-worker(s) · ${relays.length} outbox-relay(s) · db-sink`,
  );

  const lists = [workers, relays];
  /** Started by us, still counted as running, but the OS process is gone: it died on its own. */
  const crashed = () => (stopping ? [] : apps.filter((a) => a.hasExited));
  const stopApp = async (proc: AppProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    await proc.kill(signal, 10_000);
    running.delete(proc);
    // Guarded: a process stopped before (restart after a kill) is in no list any more.
    const drop = (list: AppProcess[]) => list.includes(proc) && list.splice(list.indexOf(proc), 1);
    for (const list of [apps, ...lists]) drop(list);
  };
  const restartApp = async (proc: AppProcess, signal: NodeJS.Signals = 'SIGKILL') => {
    const byApp: Record<string, AppProcess[]> = {
      'charge-worker': workers,
      'outbox-relay': relays,
    };
    const list = byApp[proc.options.app];
    await stopApp(proc, signal);
    if (stopping) throw new Error('the system is stopping');
    // Same port: the load generators and the other apps keep their URLs.
    const next = await launch(proc.options.app, proc.options.env, proc.options.port);
    list?.push(next);
    return next;
  };

  return {
    databaseUrl: db.url,
    databaseName: db.name,
    kafkaBrokers: kafka.bootstrapServers,
    kafka,
    urls: { gateway: gateway.url, pos: pos.url, toll: toll.url },
    adminToken: ADMIN_TOKEN,
    workers,
    addWorker,
    relays,
    redis,
    postgres,
    app: (name) => apps.find((a) => a.options.app === name),
    restartApp,
    stopApp,
    crashed,
    async restartRedis(downMs: number) {
      if (!currentRedis.spawned)
        throw new Error('restartRedis needs a private Redis (redis: "private")');
      const port = Number(new URL(currentRedis.url).port);
      await currentRedis.stop();
      await new Promise((r) => setTimeout(r, downMs));
      currentRedis = await startRedis({ url: null, port });
    },
    apps,
    stop: stopAll,
  };
}

/** --external: the services are already running (docker compose); only connect. */
export function externalSystem(options: DemoOptions): DemoSystem {
  const unsupported = () => Promise.reject(new Error('not possible with --external'));
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
    addWorker: () =>
      Promise.reject(
        new Error(
          'cannot add workers with --external: use docker compose up --scale charge-worker=N',
        ),
      ),
    relays: [],
    app: () => undefined,
    restartApp: unsupported,
    stopApp: unsupported,
    restartRedis: unsupported,
    crashed: () => [],
    apps: [],
    stop: async () => undefined,
  };
}
