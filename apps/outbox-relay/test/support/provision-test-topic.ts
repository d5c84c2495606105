import { createKafka, provisionTopics } from '@paystream/kafka';
import { randomName } from '@paystream/testing';
import { logLevel } from 'kafkajs';

/** A fresh topic for one test file, created through the same provisioning code as production. */
export async function provisionTestTopic(brokers: string[], partitions = 3): Promise<string> {
  const topic = randomName('toll.charges.test');
  const admin = createKafka({
    clientId: 'test-provision',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await provisionTopics(admin, [{ name: topic, partitions }]);
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTopic(brokers: string[], topic: string): Promise<void> {
  const admin = createKafka({
    clientId: 'test-provision',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}
