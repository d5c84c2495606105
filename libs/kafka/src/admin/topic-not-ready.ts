/**
 * What brokers answer about a topic that exists but is not yet served
 * everywhere: a broker that has not learned of it (UNKNOWN_TOPIC_OR_PARTITION),
 * a partition without a leader yet (LEADER_NOT_AVAILABLE), or a leader named
 * in metadata that does not serve the partition yet (Kafka's
 * NOT_LEADER_OR_FOLLOWER, which KafkaJS names NOT_LEADER_FOR_PARTITION).
 * Seen for a moment after every topic creation: wait and ask again.
 */
const NOT_READY_YET = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
]);

/** True for a KafkaJS error that only means "this topic is not served yet". */
export function isTopicNotReadyYet(error: unknown): boolean {
  return NOT_READY_YET.has((error as { type?: string } | undefined)?.type ?? '');
}
