/**
 * The environment the bench starts each Kafka app of the pipeline with, so
 * every scenario that runs one (end-to-end, charge-workers, sink) names the
 * same variables the same way.
 */

export interface ChargeWorkerEnvInput {
  brokers: string;
  chargesTopic: string;
  resultsTopic: string;
  chargesDlqTopic: string;
  group: string;
  gatewayUrl: string;
  redisUrl: string;
  /** The worker's re-drive reads toll_charges: any migrated database does when there are none. */
  databaseUrl: string;
  retryQueue: string;
  retryPrefix: string;
}

export function chargeWorkerEnv(input: ChargeWorkerEnvInput): Record<string, string> {
  return {
    KAFKA_BROKERS: input.brokers,
    CHARGES_TOPIC: input.chargesTopic,
    CHARGE_RESULTS_TOPIC: input.resultsTopic,
    CHARGES_DLQ_TOPIC: input.chargesDlqTopic,
    CONSUMER_GROUP: input.group,
    GATEWAY_URL: input.gatewayUrl,
    REDIS_URL: input.redisUrl,
    DATABASE_URL: input.databaseUrl,
    RETRY_QUEUE_NAME: input.retryQueue,
    RETRY_QUEUE_PREFIX: input.retryPrefix,
  };
}

export interface DbSinkEnvInput {
  databaseUrl: string;
  brokers: string;
  resultsTopic: string;
  resultsDlqTopic: string;
  group: string;
}

export function dbSinkEnv(input: DbSinkEnvInput): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    KAFKA_BROKERS: input.brokers,
    CHARGE_RESULTS_TOPIC: input.resultsTopic,
    CHARGE_RESULTS_DLQ_TOPIC: input.resultsDlqTopic,
    CONSUMER_GROUP: input.group,
  };
}

/** The bench creates its topics itself; a random lock key keeps relays of other runs out of its way. */
export function outboxRelayEnv(input: {
  databaseUrl: string;
  brokers: string;
}): Record<string, string> {
  return {
    DATABASE_URL: input.databaseUrl,
    KAFKA_BROKERS: input.brokers,
    KAFKA_PROVISION_ON_START: 'false',
    RELAY_LOCK_KEY: String(Math.floor(Math.random() * 1_000_000_000)),
  };
}
