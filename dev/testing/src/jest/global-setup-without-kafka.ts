// Relative import on purpose, as in global-setup.ts.
import { startTestInfra } from './global-setup';

/**
 * Postgres and Redis only: the cluster project starts its own three-broker
 * Kafka in each test file, and a shared broker would only take a core from it.
 */
export default async function globalSetupWithoutKafka(): Promise<void> {
  await startTestInfra({ kafka: false });
}
