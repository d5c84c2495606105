import { Admin, ITopicConfig } from 'kafkajs';
import { isTopicNotReadyYet } from './topic-not-ready';

/**
 * createTopics, then wait until every partition's leader serves it. Two steps,
 * because each has been seen to answer too early:
 * - metadata: KafkaJS's own `waitForLeaders` retries only LEADER_NOT_AVAILABLE,
 *   but a broker that has not yet learned of the new topic answers
 *   UNKNOWN_TOPIC_OR_PARTITION (common on a busy machine);
 * - the leader itself: metadata names a leader a moment before that broker
 *   accepts writes, and a produce in that moment gets NOT_LEADER_FOR_PARTITION
 *   for some partitions. A non-idempotent producer then retries the whole
 *   request and writes the other partitions' records twice (measured: 15–158
 *   duplicates in 100,000 with acks=1 on a topic used right after creation).
 *   Listing offsets is answered by the partition leader's replica manager, so
 *   once it works for every partition the leaders are really serving.
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
      if (ready) {
        // Partition leaders answer ListOffsets only once they serve the partition.
        for (const name of names) await admin.fetchTopicOffsets(name);
        return created;
      }
    } catch (error) {
      if (!isTopicNotReadyYet(error)) throw error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `topics ${names.join(', ')} have no leader after ${options.timeoutMs ?? 60_000} ms`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
