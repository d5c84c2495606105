// npm run kafka:provision — creates/checks every contract topic (TOPIC_SPECS).
// Idempotent: existing topics that match are left alone; a partition-count
// change or replication drift is reported and the command exits non-zero
// (topics are never changed silently).
//
// Env: KAFKA_BROKERS (required), KAFKA_REPLICATION_FACTOR / KAFKA_MIN_INSYNC_REPLICAS
// (default: from the cluster size — RF 3 / min ISR 2 on three brokers, RF 1 on one),
// KAFKA_TOPIC_PARTITIONS ("toll.charges.v1=8,toll.charge-results.v1=8" overrides).
import { env, loadConfigOrExit } from '@paystream/config';
import { TOPIC_SPECS } from '@paystream/contracts';
import { createKafka, provisionTopics, TopicProvisioningError, withAdmin } from '@paystream/kafka';
import { logLevel } from 'kafkajs';
import { z } from 'zod';

const schema = z.object({
  KAFKA_BROKERS: env.brokers(),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().positive().optional(),
  KAFKA_MIN_INSYNC_REPLICAS: z.coerce.number().int().positive().optional(),
  KAFKA_TOPIC_PARTITIONS: z
    .string()
    .regex(/^([^=,\s]+=\d+)(,[^=,\s]+=\d+)*$/, 'must be topic=count pairs separated by commas')
    .optional()
    .transform((v) =>
      Object.fromEntries(
        (v ? v.split(',') : []).map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])]),
      ),
    ),
});

async function main(): Promise<void> {
  const config = loadConfigOrExit('kafka-provision', schema);
  const kafka = createKafka({
    clientId: 'kafka-provision',
    brokers: config.KAFKA_BROKERS,
    logLevel: logLevel.ERROR,
  });
  try {
    const report = await withAdmin(kafka, (admin) =>
      provisionTopics(admin, TOPIC_SPECS, {
        replicationFactor: config.KAFKA_REPLICATION_FACTOR,
        minInsyncReplicas: config.KAFKA_MIN_INSYNC_REPLICAS,
        partitions: config.KAFKA_TOPIC_PARTITIONS,
      }),
    );
    const { replicationFactor, minInsyncReplicas } = report.replication;
    console.log(
      `replication factor ${replicationFactor}, min.insync.replicas ${minInsyncReplicas}`,
    );
    for (const t of report.created) console.log(`created    ${t}`);
    for (const t of report.unchanged) console.log(`up to date ${t}`);
  } catch (error) {
    if (error instanceof TopicProvisioningError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
