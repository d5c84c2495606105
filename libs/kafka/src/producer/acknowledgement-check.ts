import { Partitioners } from 'kafkajs';

type PartitionerArgs = Parameters<ReturnType<typeof Partitioners.DefaultPartitioner>>[0];
type Partitioner = (args: PartitionerArgs) => number;

/** `topic/partition`: the name used for a partition in errors and checks. */
export function partitionName(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** Partitions that were given records but are absent from the acknowledgements. */
export function unacknowledgedPartitions(
  routed: ReadonlySet<string>,
  acknowledged: ReadonlyArray<{ topicName: string; partition: number }>,
): string[] {
  const acked = new Set(acknowledged.map((a) => partitionName(a.topicName, a.partition)));
  return [...routed].filter((name) => !acked.has(name)).sort();
}

/**
 * Wraps a partitioner so that every send can learn which partitions its own
 * records were routed to, even with several sends in flight: each message
 * object is tagged with the set of its send.
 */
export class RoutedPartitions {
  private readonly byMessage = new WeakMap<object, Set<string>>();

  /** The partitioner factory to give KafkaJS (Java-compatible murmur2 underneath). */
  partitioner(base: () => Partitioner = Partitioners.DefaultPartitioner): () => Partitioner {
    return () => {
      const choose = base();
      return (args) => {
        const partition = choose(args);
        this.byMessage.get(args.message)?.add(partitionName(args.topic, partition));
        return partition;
      };
    };
  }

  /** Tags the messages of one send; the returned set fills in while KafkaJS routes them. */
  track(messages: Iterable<object>): Set<string> {
    const routed = new Set<string>();
    for (const message of messages) this.byMessage.set(message, routed);
    return routed;
  }
}
