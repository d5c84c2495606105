// Relative imports on purpose: Jest loads global setup with plain `require`
// (transformed, but without moduleNameMapper), so `@paystream/*` aliases do
// not resolve here.
import {
  isKafkaReachable,
  parseBrokers,
  startKafka,
  startPostgres,
  startRedis,
} from '../../../infra/src';
import { infraHandles } from './infra-handles';

/** The machine's own servers (see /work/shared/ENVIRONMENT.md), used when reachable. */
export const LOCAL_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

const log = (line: string) => process.stderr.write(`[infra] ${line}\n`);

export interface TestInfraOptions {
  /** Start (or reuse) the shared one-broker Kafka. Off for tests that start their own cluster. */
  kafka: boolean;
}

/**
 * Starts only what is not already running and exports KAFKA_BROKERS,
 * DATABASE_URL and REDIS_URL; Jest workers are forked afterwards and inherit
 * them. Everything started here is supervised: it dies with this process even
 * if Jest is killed. Jest runs a project's global setup only when one of that
 * project's tests is selected, and each setup module once per run, so the unit
 * project (which has none) starts nothing.
 */
export async function startTestInfra(options: TestInfraOptions): Promise<void> {
  if (process.env.PAYSTREAM_SKIP_INFRA === '1') return;
  const handles = infraHandles();
  const started = Date.now();

  const kafka = async (): Promise<void> => {
    if (!options.kafka) return;
    const brokers = parseBrokers(process.env.KAFKA_BROKERS);
    if (brokers.length > 0 && (await isKafkaReachable(brokers))) {
      log(`Using Kafka at ${brokers.join(',')}`);
      return;
    }
    if (brokers.length > 0)
      log(`KAFKA_BROKERS=${brokers.join(',')} is not reachable; starting a broker`);
    handles.kafka = await startKafka({ brokers: 1, onProgress: (l) => log(`kafka: ${l}`) });
    process.env.KAFKA_BROKERS = handles.kafka.bootstrapServers.join(',');
  };
  const postgres = async (): Promise<void> => {
    const server = await startPostgres({
      url: process.env.DATABASE_URL || LOCAL_DATABASE_URL,
      onProgress: (l) => log(`postgres: ${l}`),
    });
    if (server.embedded) handles.postgres = server;
    process.env.DATABASE_URL = server.url;
  };
  const redis = async (): Promise<void> => {
    const server = await startRedis({
      url: process.env.REDIS_URL || LOCAL_REDIS_URL,
      onProgress: (l) => log(`redis: ${l}`),
    });
    if (server.spawned) handles.redis = server;
    process.env.REDIS_URL = server.url;
  };

  const results = await Promise.allSettled([kafka(), postgres(), redis()]);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length > 0) {
    await Promise.allSettled([
      handles.kafka?.stop(),
      handles.postgres?.stop(),
      handles.redis?.stop(),
    ]);
    throw failed[0].reason;
  }
  log(
    `ready in ${((Date.now() - started) / 1000).toFixed(1)}s: ` +
      (options.kafka ? `KAFKA_BROKERS=${process.env.KAFKA_BROKERS} ` : '') +
      `DATABASE_URL=${process.env.DATABASE_URL} REDIS_URL=${process.env.REDIS_URL}`,
  );
}

/** Kafka (one broker), Postgres and Redis: the integration, end-to-end and bench projects. */
export default async function globalSetup(): Promise<void> {
  await startTestInfra({ kafka: true });
}
