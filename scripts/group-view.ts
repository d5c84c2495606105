/**
 * Prints a consumer group's members, the partitions each holds, lag per
 * partition and idle members (more members than partitions).
 *
 *   npm run group:view -- --group toll-charge-processors --topic toll.charges.v1
 *
 * KAFKA_BROKERS (comma-separated host:port) says where Kafka is.
 */
import { parseArgs } from 'node:util';
import { CONSUMER_GROUPS, TOPICS } from '@paystream/contracts';
import { createKafka, describeGroupView, formatGroupView, withAdmin } from '@paystream/kafka';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      group: { type: 'string', default: CONSUMER_GROUPS.chargeWorkers },
      topic: { type: 'string', default: TOPICS.tollCharges },
      json: { type: 'boolean', default: false },
    },
  });
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',').map((b) => b.trim());
  const view = await withAdmin(createKafka({ clientId: 'group-view', brokers }), (admin) =>
    describeGroupView(admin, values.group!, values.topic!),
  );
  console.log(values.json ? JSON.stringify(view, null, 2) : formatGroupView(view));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
