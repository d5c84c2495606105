import { Kafka, logLevel } from 'kafkajs';
import { createTopicsAndWait, readToEnd } from '@paystream/kafka';
import { randomName, waitUntil } from '@paystream/testing';

const COUNT_TIMEOUT_MS = 30_000;

export function benchKafka(brokers: string[], clientId = randomName('bench')): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
  });
}

export interface BenchTopic {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Record<string, string>;
}

export async function createTopics(kafka: Kafka, topics: BenchTopic[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // The project's own helper: it also waits out UNKNOWN_TOPIC_OR_PARTITION from a broker
    // that has not learned of the new topic yet (KafkaJS's waitForLeaders does not).
    await createTopicsAndWait(
      admin,
      topics.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    );
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: names, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

/** Records on a topic = sum of high watermarks (not for transactional topics: see committedRecordCount). */
export async function topicRecordCount(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    // A follower's metadata may lag behind a fresh topic on three brokers
    // (UNKNOWN_TOPIC_OR_PARTITION for a moment): retried, never guessed.
    return await waitUntil(
      async () => {
        const offsets = await admin.fetchTopicOffsets(topic);
        return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
      },
      { timeoutMs: COUNT_TIMEOUT_MS, intervalMs: 500, description: `offsets of ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Records a read_committed consumer gets from the topic: for a topic written in
 * transactions, where markers (and aborted records) take offsets too.
 */
export function committedRecordCount(kafka: Kafka, topic: string): Promise<number> {
  return readToEnd(kafka, [topic], () => undefined, { timeoutMs: COUNT_TIMEOUT_MS });
}
