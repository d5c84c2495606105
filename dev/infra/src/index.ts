// Public surface of @paystream/dev-infra: real Kafka, Postgres and Redis for tests,
// the demo and developers, with no leftovers.
export * from './errors';
export { freePort, freePorts, isPortFree, LOOPBACK } from './net/free-port';
export {
  spawnSupervised,
  liveSupervisedCount,
  type SpawnSupervisedOptions,
  type SupervisedProcess,
  type ExitInfo,
} from './process/spawn-supervised';
export { whenOrphaned } from './process/when-orphaned';
export { findExecutable } from './process/find-executable';
export { tailFile } from './process/log-tail';
export { requireJava, requireMaven } from './kafka/java-runtime';
export {
  DEFAULT_KAFKA_VERSION,
  kafkaVersion,
  paystreamCacheDir,
  ensureKafkaDistribution,
  type KafkaDistribution,
  type EnsureKafkaOptions,
} from './kafka/kafka-distribution';
export {
  kraftServerProperties,
  brokerJvmOptions,
  type KraftNodeAddress,
} from './kafka/kraft-config';
export { startKafka } from './kafka/kafka-cluster.start';
export type { StartKafkaOptions, KafkaCluster, KafkaNode } from './kafka/kafka-cluster.types';
export { isKafkaReachable, parseBrokers } from './kafka/kafka-reachable';
export {
  checkKafkaJsCompatibility,
  type CompatibilityReport,
  type CompatibilityStep,
} from './kafka/kafkajs-compatibility';
export {
  startPostgres,
  startEmbeddedPostgres,
  type StartPostgresOptions,
  type PostgresServer,
} from './postgres/postgres-server';
export { isPostgresReachable } from './postgres/postgres-reachable';
export { embeddedPostgresBinaries, type PostgresBinaries } from './postgres/embedded-binaries';
export { startRedis, type StartRedisOptions, type RedisServer } from './redis/redis-server';
export { isRedisReachable } from './redis/redis-reachable';
export { assertNoEviction } from './redis/assert-no-eviction';
