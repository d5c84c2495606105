import type { TestDatabase } from '@paystream/testing';
import { randomName, type AppProcess } from '@paystream/testing';
import type { Kafka } from 'kafkajs';
import { startBenchApp, stopBenchApps } from '../bench-apps';
import { BENCH_ADMIN_TOKEN, setGatewayFaults } from '../gateway-faults';
import { waitForStableGroup } from '../group-wait';
import { benchKafka, createTopics, deleteTopics, topicRecordCount } from '../kafka-helpers';
import type { ScenarioContext } from '../scenario';
import { chargeWorkerEnv, dbSinkEnv, outboxRelayEnv } from './pipeline-env';

const GROUP_TIMEOUT_MS = 120_000;

export interface PipelineTopics {
  charges: string;
  results: string;
  chargesDlq: string;
  resultsDlq: string;
}

/**
 * The whole toll pipeline as separate processes — gateway, toll-api, outbox
 * relay, db-sink and N charge workers — on one Kafka broker, with its own
 * databases and topics. `prepare` gets the servers and topics, `start` the
 * apps (those started before a failure are in `apps`, for `stop`), `remove`
 * deletes the topics and databases once the checks have read them.
 */
export class BenchPipeline {
  readonly apps: AppProcess[] = [];
  private started: { gateway: AppProcess; toll: AppProcess } | undefined;

  private constructor(
    readonly kafka: Kafka,
    private readonly brokers: string,
    private readonly redisUrl: string,
    readonly db: TestDatabase,
    readonly gatewayDb: TestDatabase,
    readonly topics: PipelineTopics,
  ) {}

  /** Servers (under memory watch, owned by the run) and the pipeline's four topics, named after `name`. */
  static async prepare(
    ctx: ScenarioContext,
    { name, partitions }: { name: string; partitions: number },
  ): Promise<BenchPipeline> {
    const cluster = await ctx.infra.kafkaCluster(1);
    const kafka = benchKafka(cluster.bootstrapServers);
    const redisUrl = await ctx.infra.redisUrl();
    const db = await ctx.infra.database();
    const gatewayDb = await ctx.infra.database();
    ctx.memory.watch(ctx.infra.kafkaWatch(cluster), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(db.name), { ownedByScenario: false });
    ctx.memory.watch(ctx.infra.postgresWatch(gatewayDb.name), { ownedByScenario: false });
    ctx.memory.watch(await ctx.infra.redisWatch(), { ownedByScenario: false });
    const topics: PipelineTopics = {
      charges: randomName(`${name}-charges`),
      results: randomName(`${name}-results`),
      chargesDlq: randomName(`${name}-charges-dlq`),
      resultsDlq: randomName(`${name}-results-dlq`),
    };
    await createTopics(kafka, [
      { name: topics.charges, partitions, replicationFactor: 1 },
      { name: topics.results, partitions, replicationFactor: 1 },
      { name: topics.chargesDlq, partitions: 1, replicationFactor: 1 },
      { name: topics.resultsDlq, partitions: 1, replicationFactor: 1 },
    ]);
    const brokers = cluster.bootstrapServers.join(',');
    return new BenchPipeline(kafka, brokers, redisUrl, db, gatewayDb, topics);
  }

  get gateway(): AppProcess {
    return this.running().gateway;
  }

  get toll(): AppProcess {
    return this.running().toll;
  }

  /**
   * Starts every app, then waits until both consumer groups are stable:
   * exits posted while a group is still forming would measure the rebalance, not the pipeline.
   */
  async start(
    ctx: ScenarioContext,
    {
      name,
      workers,
      gatewayLatencyMs,
    }: { name: string; workers: number; gatewayLatencyMs: number },
  ): Promise<void> {
    const { db, topics, brokers } = this;
    const start = async (app: string, env: Record<string, string>, label?: string) => {
      const proc = await startBenchApp(ctx, app, env, label);
      this.apps.push(proc);
      return proc;
    };
    const sinkGroup = randomName(`${name}-sink`);
    const gateway = await start('payment-gateway', {
      DATABASE_URL: this.gatewayDb.url,
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    });
    await setGatewayFaults(gateway.url, { latencyMs: gatewayLatencyMs, jitterMs: 0 });
    const toll = await start('toll-api', {
      DATABASE_URL: db.url,
      TOLL_CHARGES_TOPIC: topics.charges,
    });
    await start('outbox-relay', outboxRelayEnv({ databaseUrl: db.url, brokers }));
    await start(
      'db-sink',
      dbSinkEnv({
        databaseUrl: db.url,
        brokers,
        resultsTopic: topics.results,
        resultsDlqTopic: topics.resultsDlq,
        group: sinkGroup,
      }),
    );
    const group = randomName(`${name}-workers`);
    const retryQueue = randomName(`${name}-retries`);
    const retryPrefix = randomName('bench');
    for (let k = 1; k <= workers; k += 1) {
      const env = chargeWorkerEnv({
        brokers,
        chargesTopic: topics.charges,
        resultsTopic: topics.results,
        chargesDlqTopic: topics.chargesDlq,
        group,
        gatewayUrl: gateway.url,
        redisUrl: this.redisUrl,
        databaseUrl: db.url,
        retryQueue,
        retryPrefix,
      });
      await start('charge-worker', env, `charge-worker #${k}`);
    }
    this.started = { gateway, toll };
    await waitForStableGroup(this.kafka, group, workers, GROUP_TIMEOUT_MS);
    await waitForStableGroup(this.kafka, sinkGroup, 1, GROUP_TIMEOUT_MS);
  }

  /** Throws when an app of the pipeline has exited (a crash under load is a failed run, not a slow one). */
  assertAllRunning(): void {
    for (const a of this.apps)
      if (a.hasExited) throw new Error(`${a.options.app} exited: ${a.logs.slice(-5).join(' | ')}`);
  }

  /** Records on the two dead-letter topics (both must stay empty). */
  async deadLetterCounts(): Promise<{ charges: number; results: number }> {
    return {
      charges: await topicRecordCount(this.kafka, this.topics.chargesDlq),
      results: await topicRecordCount(this.kafka, this.topics.resultsDlq),
    };
  }

  async stop(log: (line: string) => void): Promise<void> {
    await stopBenchApps(this.apps, log);
  }

  /** Deletes the topics and drops the databases (after the checks have read them). */
  async remove(log: (line: string) => void): Promise<void> {
    await deleteTopics(this.kafka, Object.values(this.topics)).catch((e: unknown) =>
      log(`topic cleanup: ${String(e)}`),
    );
    await this.db.drop();
    await this.gatewayDb.drop();
  }

  private running(): { gateway: AppProcess; toll: AppProcess } {
    if (!this.started) throw new Error('the pipeline has not been started');
    return this.started;
  }
}
