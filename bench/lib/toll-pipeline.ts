import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { TEST_CARD_TOKENS } from '@paystream/contracts';
import type { KafkaCluster } from '@paystream/infra';
import { randomName, type AppProcess } from '@paystream/testing';
import { startBenchApp } from './bench-apps';
import { waitForStableGroup } from './group-wait';
import { benchKafka, createTopics, deleteTopics, topicRecordCount } from './kafka-helpers';
import type { ScenarioContext } from './scenario';

const PLATES = 5_000;
const GROUP_TIMEOUT_MS = 120_000;

export interface TollPipelineOptions {
  /** Names of topics, groups and queues start with this (e.g. `bench-e2e`). */
  prefix: string;
  databaseUrl: string;
  gatewayUrl: string;
  partitions: number;
  workers: number;
}

export interface TollPipelineTopics {
  charges: string;
  results: string;
  chargesDlq: string;
  resultsDlq: string;
}

export interface TollPipeline {
  kafka: Kafka;
  topics: TollPipelineTopics;
  toll: AppProcess;
}

/**
 * The asynchronous story as separate processes on fresh topics: toll-api →
 * outbox → outbox-relay → `workers` charge workers → gateway → results →
 * db-sink. Every app started is pushed onto `apps` as soon as it runs, so the
 * caller stops them even when a later one fails to start. Resolves once both
 * consumer groups are stable (exits posted during a rebalance would measure
 * the rebalance, not the pipeline).
 */
export async function startTollPipeline(
  ctx: Pick<ScenarioContext, 'memory' | 'infra'>,
  cluster: KafkaCluster,
  options: TollPipelineOptions,
  apps: AppProcess[],
): Promise<TollPipeline> {
  const kafka = benchKafka(cluster.bootstrapServers);
  const topics: TollPipelineTopics = {
    charges: randomName(`${options.prefix}-charges`),
    results: randomName(`${options.prefix}-results`),
    chargesDlq: randomName(`${options.prefix}-charges-dlq`),
    resultsDlq: randomName(`${options.prefix}-results-dlq`),
  };
  await createTopics(kafka, [
    { name: topics.charges, partitions: options.partitions, replicationFactor: 1 },
    { name: topics.results, partitions: options.partitions, replicationFactor: 1 },
    { name: topics.chargesDlq, partitions: 1, replicationFactor: 1 },
    { name: topics.resultsDlq, partitions: 1, replicationFactor: 1 },
  ]);
  const brokers = cluster.bootstrapServers.join(',');
  const redisUrl = await ctx.infra.redisUrl();
  const sinkGroup = randomName(`${options.prefix}-sink`);
  const toll = await startBenchApp(ctx, 'toll-api', {
    DATABASE_URL: options.databaseUrl,
    TOLL_CHARGES_TOPIC: topics.charges,
  });
  apps.push(toll);
  apps.push(
    await startBenchApp(ctx, 'outbox-relay', {
      DATABASE_URL: options.databaseUrl,
      KAFKA_BROKERS: brokers,
      KAFKA_PROVISION_ON_START: 'false',
      RELAY_LOCK_KEY: String(Math.floor(Math.random() * 1_000_000_000)),
    }),
  );
  apps.push(
    await startBenchApp(ctx, 'db-sink', {
      DATABASE_URL: options.databaseUrl,
      KAFKA_BROKERS: brokers,
      CHARGE_RESULTS_TOPIC: topics.results,
      CHARGE_RESULTS_DLQ_TOPIC: topics.resultsDlq,
      CONSUMER_GROUP: sinkGroup,
    }),
  );
  const group = randomName(`${options.prefix}-workers`);
  const retryQueue = randomName(`${options.prefix}-retries`);
  const retryPrefix = randomName('bench');
  for (let k = 1; k <= options.workers; k += 1) {
    apps.push(
      await startBenchApp(
        ctx,
        'charge-worker',
        {
          KAFKA_BROKERS: brokers,
          CHARGES_TOPIC: topics.charges,
          CHARGE_RESULTS_TOPIC: topics.results,
          CHARGES_DLQ_TOPIC: topics.chargesDlq,
          CONSUMER_GROUP: group,
          GATEWAY_URL: options.gatewayUrl,
          REDIS_URL: redisUrl,
          DATABASE_URL: options.databaseUrl,
          RETRY_QUEUE_NAME: retryQueue,
          RETRY_QUEUE_PREFIX: retryPrefix,
        },
        `charge-worker #${k}`,
      ),
    );
  }
  await waitForStableGroup(kafka, group, options.workers, GROUP_TIMEOUT_MS);
  await waitForStableGroup(kafka, sinkGroup, 1, GROUP_TIMEOUT_MS);
  return { kafka, topics, toll };
}

/** `POST /toll/exits` for the i-th vehicle (plates cycle, so one plate's charges stay rare and apart). */
export function tollExitRequest(i: number): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` },
    body: JSON.stringify({
      plazaId: 'PLZ-B',
      laneId: 'L03',
      plate: `BN-${String(i % PLATES).padStart(5, '0')}`,
      vehicleClass: 'car',
      cardToken: TEST_CARD_TOKENS.approve,
      entryPlazaId: 'PLZ-A',
    }),
  };
}

/** Records on the two dead-letter topics (both must stay empty). */
export async function deadLetterCounts(
  pipeline: TollPipeline,
): Promise<{ charges: number; results: number }> {
  return {
    charges: await topicRecordCount(pipeline.kafka, pipeline.topics.chargesDlq),
    results: await topicRecordCount(pipeline.kafka, pipeline.topics.resultsDlq),
  };
}

export async function deleteTollPipelineTopics(
  pipeline: TollPipeline,
  log: (line: string) => void,
): Promise<void> {
  await deleteTopics(pipeline.kafka, Object.values(pipeline.topics)).catch((e: unknown) =>
    log(`topic cleanup: ${String(e)}`),
  );
}
