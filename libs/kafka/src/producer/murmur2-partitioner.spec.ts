import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { murmur2, murmur2Partitioner } from './murmur2-partitioner';

// KafkaJS's own murmur2 (Java-compatible, through its 64-bit Long): the reference.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const kafkajsMurmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (
  key: Buffer | string,
) => number;

const partitionMetadata = (leaders: number[]) =>
  leaders.map((leader, partitionId) => ({
    partitionId,
    leader,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));

describe('murmur2 in 32-bit arithmetic', () => {
  it("hashes every key as KafkaJS's (and so Java's) murmur2 does, at every length", () => {
    for (let length = 0; length <= 67; length++)
      for (let n = 0; n < 40; n++) {
        const key = randomBytes(length);
        expect(murmur2(key)).toBe(kafkajsMurmur2(key));
      }
    for (const key of ['', 'a', 'BN-00042', 'plaque-été-🚗', 'x'.repeat(1_000)])
      expect(murmur2(key)).toBe(kafkajsMurmur2(key));
  });

  it("routes like KafkaJS's DefaultPartitioner: own partition, key hash over all partitions", () => {
    const ours = murmur2Partitioner();
    const theirs = Partitioners.DefaultPartitioner();
    // Partition 1 has no leader: a keyed record still hashes over all partitions, as Java's does.
    const metadata = partitionMetadata([1, -1, 1, 1, 1, 1, 1]);
    for (let i = 0; i < 2_000; i++) {
      const message = { key: `BN-${i}`, value: null };
      expect(ours({ topic: 't', partitionMetadata: metadata, message })).toBe(
        theirs({ topic: 't', partitionMetadata: metadata, message }),
      );
    }
    const pinned = { key: 'BN-1', value: null, partition: 5 };
    expect(ours({ topic: 't', partitionMetadata: metadata, message: pinned })).toBe(5);
  });

  it('spreads records without a key round robin over the partitions that have a leader', () => {
    const choose = murmur2Partitioner();
    const metadata = partitionMetadata([1, -1, 1, -1]);
    const chosen = Array.from({ length: 8 }, () =>
      choose({ topic: 't', partitionMetadata: metadata, message: { value: 'v' } }),
    );
    expect(new Set(chosen)).toEqual(new Set([0, 2]));
    expect(chosen.filter((p) => p === 0)).toHaveLength(4);
    // Nobody leads anything: still a partition, not an error.
    const none = partitionMetadata([-1, -1, -1]);
    expect([0, 1, 2]).toContain(
      choose({ topic: 'u', partitionMetadata: none, message: { value: 'v' } }),
    );
  });
});
