/**
 * An existing topic has another partition count than its spec. Never fixed
 * silently: a key's partition is hash(key) % partitions, so adding partitions
 * sends existing keys (vehicles) to other partitions, and records of one
 * vehicle written before and after the change can be read out of order.
 */
export class PartitionCountMismatchError extends Error {
  constructor(
    readonly topic: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      `topic ${topic} has ${actual} partitions but the spec says ${expected}. Refusing to change it: ` +
        'a record goes to partition hash(key) % partitions, so changing the count moves existing keys to ' +
        "other partitions and breaks per-key ordering (a vehicle's later charge could be read before an " +
        'earlier one). Create a new versioned topic and migrate, or set the spec to the existing count.',
    );
    this.name = 'PartitionCountMismatchError';
  }
}
