import { murmur2Partitioner, type Partitioner } from './murmur2-partitioner';

/** The send a message belongs to, set on the message itself (a WeakMap entry per record cost more). */
const ROUTED = Symbol('routed partitions');
type TrackedMessage = { [ROUTED]?: Set<string> };

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
  /** partitionName(topic, partition), made once per partition rather than once per record. */
  private readonly names = new Map<string, string[]>();

  /** The partitioner factory to give KafkaJS (Java-compatible murmur2 underneath). */
  partitioner(base: () => Partitioner = murmur2Partitioner): () => Partitioner {
    return () => {
      const choose = base();
      return (args) => {
        const partition = choose(args);
        (args.message as TrackedMessage)[ROUTED]?.add(this.nameOf(args.topic, partition));
        return partition;
      };
    };
  }

  /** Tags the messages of one send; the returned set fills in while KafkaJS routes them. */
  track(messages: Iterable<object>): Set<string> {
    const routed = new Set<string>();
    for (const message of messages) (message as TrackedMessage)[ROUTED] = routed;
    return routed;
  }

  private nameOf(topic: string, partition: number): string {
    let names = this.names.get(topic);
    if (!names) this.names.set(topic, (names = []));
    return (names[partition] ??= partitionName(topic, partition));
  }
}
