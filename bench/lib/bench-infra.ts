import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';
import {
  startKafka,
  startPostgres,
  startRedis,
  type KafkaCluster,
  type PostgresServer,
  type RedisServer,
} from '@paystream/dev-infra';
import {
  buildApps,
  createTestDatabase,
  DEFAULT_BUILD_DIR,
  randomName,
  type TestDatabase,
} from '@paystream/testing';
import type { AppsFrom } from './bench-options';
import type { WatchedProcess } from './memory-sampler';

const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * The servers every scenario may need, started lazily once per run and shared
 * (a scenario run alone starts only what it uses). Kafka is always our own
 * cluster so its broker pids are known and nothing else writes to it.
 */
export class BenchInfra {
  private postgres: PostgresServer | undefined;
  private redis: RedisServer | undefined;
  private readonly kafka = new Map<1 | 3, KafkaCluster>();
  private readonly databases: TestDatabase[] = [];
  private build: Promise<string> | undefined;
  private buildDir: string | undefined;

  constructor(
    private readonly log: (line: string) => void,
    readonly appsFrom: AppsFrom = 'compiled',
  ) {}

  /**
   * The compiled apps for this run (undefined when they run from source):
   * built once, like `npm run build` but into a private folder under dist/
   * that the run removes, so a build of the user's own is left alone.
   */
  async appBuildDir(): Promise<string | undefined> {
    if (this.appsFrom === 'source') return undefined;
    this.build ??= (async () => {
      const started = Date.now();
      this.buildDir = path.join(DEFAULT_BUILD_DIR, randomName('bench-build'));
      this.log('compiling the apps (npm run build)');
      await buildApps(this.buildDir);
      this.log(`apps compiled in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      return this.buildDir;
    })();
    return this.build;
  }

  async postgresUrl(): Promise<string> {
    this.postgres ??= await startPostgres({
      url: process.env.DATABASE_URL || LOCAL_DATABASE_URL,
      onProgress: (l) => this.log(`postgres: ${l}`),
    });
    return this.postgres.url;
  }

  async redisUrl(): Promise<string> {
    this.redis ??= await startRedis({
      url: process.env.REDIS_URL || LOCAL_REDIS_URL,
      onProgress: (l) => this.log(`redis: ${l}`),
    });
    return this.redis.url;
  }

  async kafkaCluster(brokers: 1 | 3): Promise<KafkaCluster> {
    let cluster = this.kafka.get(brokers);
    if (!cluster) {
      this.log(`starting a ${brokers}-broker Kafka cluster`);
      cluster = await startKafka({ brokers, onProgress: (l) => this.log(`kafka: ${l}`) });
      this.kafka.set(brokers, cluster);
    }
    return cluster;
  }

  /** The three-broker cluster costs ~1.5 GB and CPU: stopped as soon as its scenario is done. */
  async stopKafka(brokers: 1 | 3): Promise<void> {
    const cluster = this.kafka.get(brokers);
    this.kafka.delete(brokers);
    await cluster?.stop();
  }

  /** A fresh migrated database (dropped at the end of the run, or by the scenario). */
  async database(): Promise<TestDatabase> {
    const db = await createTestDatabase(await this.postgresUrl());
    this.databases.push(db);
    return db;
  }

  kafkaWatch(
    cluster: KafkaCluster,
    label = `kafka broker JVMs (${cluster.nodes.length})`,
  ): WatchedProcess {
    return {
      name: label,
      kind: 'infra',
      pids: () => cluster.nodes.map((n) => n.pid).filter((p): p is number => !!p),
    };
  }

  /** Backends serving `databaseName` (one per connection), found through pg_stat_activity. */
  postgresWatch(databaseName: string): WatchedProcess {
    return {
      name: `postgres backends (${databaseName})`,
      kind: 'infra',
      pids: async () => {
        const client = new Client({ connectionString: await this.postgresUrl() });
        await client.connect();
        try {
          const { rows } = await client.query<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE datname = $1',
            [databaseName],
          );
          return rows.map((r) => r.pid);
        } finally {
          await client.end();
        }
      },
    };
  }

  async redisWatch(): Promise<WatchedProcess> {
    const redis = new Redis(await this.redisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const info = await redis.info('server');
    await redis.quit();
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0);
    return { name: 'redis-server', kind: 'infra', pids: () => (pid ? [pid] : []) };
  }

  async stopAll(): Promise<void> {
    const results = await Promise.allSettled([
      ...this.databases.map((d) => d.drop()),
      ...[...this.kafka.values()].map((k) => k.stop()),
    ]);
    this.kafka.clear();
    await Promise.allSettled([
      this.postgres?.embedded ? this.postgres.stop() : undefined,
      this.redis?.spawned ? this.redis.stop() : undefined,
    ]);
    await this.build?.catch(() => undefined);
    if (this.buildDir) {
      rmSync(this.buildDir, { recursive: true, force: true });
      // dist/ itself only if the run created it and nothing else is in it.
      if (existsSync(DEFAULT_BUILD_DIR) && readdirSync(DEFAULT_BUILD_DIR).length === 0)
        rmdirSync(DEFAULT_BUILD_DIR);
    }
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    for (const f of failed) this.log(`cleanup problem: ${String(f.reason)}`);
  }
}
