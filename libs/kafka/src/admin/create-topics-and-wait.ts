import { Admin, ITopicConfig } from 'kafkajs';

/** Errors a freshly created topic answers with until every broker has its metadata. */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * createTopics, then wait until every partition has a leader. KafkaJS's own
 * `waitForLeaders` retries only LEADER_NOT_AVAILABLE, but a broker that has not
 * yet learned of the new topic answers UNKNOWN_TOPIC_OR_PARTITION (common on a
 * busy machine), which would fail a start-up that was about to succeed.
 * Returns false when every topic already existed.
 */
export async function createTopicsAndWait(
  admin: Admin,
  topics: ITopicConfig[],
  options: { timeoutMs?: number } = {},
): Promise<boolean> {
  const created = await admin.createTopics({ topics, waitForLeaders: false });
  const names = topics.map((t) => t.topic);
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics: names });
      const ready = meta.every(
        (t) =>
          t.partitions.length > 0 &&
          t.partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0),
      );
      if (ready) return created;
    } catch (error) {
      if (!NOT_YET.has((error as { type?: string }).type ?? '')) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `topics ${names.join(', ')} have no leader after ${options.timeoutMs ?? 60_000} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
