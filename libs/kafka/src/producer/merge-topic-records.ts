import type { TopicRecords } from './event-producer';

/**
 * Several sends' batches as one request's, in call order: consecutive batches
 * for the same topic are joined, so each partition receives its records in
 * the order the sends were made (what a request of their own would have done).
 */
export function mergeTopicRecords(sends: TopicRecords[][]): TopicRecords[] {
  const merged: TopicRecords[] = [];
  for (const batches of sends) {
    for (const batch of batches) {
      const last = merged[merged.length - 1];
      if (last?.topic === batch.topic) last.records = [...last.records, ...batch.records];
      else merged.push({ topic: batch.topic, records: [...batch.records] });
    }
  }
  return merged;
}
