import { Partitioners } from 'kafkajs';
import { RoutedPartitions, unacknowledgedPartitions } from './acknowledgement-check';

const partitionMetadata = [0, 1, 2].map((partitionId) => ({
  partitionId,
  leader: partitionId + 1,
  partitionErrorCode: 0,
  replicas: [1, 2, 3],
  isr: [1, 2, 3],
}));

describe('acknowledgement check', () => {
  it('names every partition that was routed records but is missing from the answer', () => {
    const routed = new Set(['charges/0', 'charges/1', 'results/2']);
    const missing = unacknowledgedPartitions(routed, [{ topicName: 'charges', partition: 1 }]);
    expect(missing).toEqual(['charges/0', 'results/2']);
  });

  it('finds nothing missing when every routed partition was acknowledged', () => {
    const routed = new Set(['charges/0', 'charges/2']);
    expect(
      unacknowledgedPartitions(routed, [
        { topicName: 'charges', partition: 2 },
        { topicName: 'charges', partition: 0 },
      ]),
    ).toEqual([]);
  });

  it('records where each send routed its own messages, with two sends interleaved', () => {
    const routes = new RoutedPartitions();
    const partition = routes.partitioner()();
    const first = [{ key: 'AB-123', value: 'a' }];
    const second = [
      { key: 'ZZ-999', value: 'b' },
      { key: 'QQ-1', value: 'c' },
    ];
    const firstRouted = routes.track(first);
    const secondRouted = routes.track(second);
    const chosen = [...second, ...first].map((message) => ({
      key: message.key,
      partition: partition({ topic: 'charges', partitionMetadata, message }),
    }));
    // Same answer as KafkaJS's own default partitioner: routing is unchanged, only observed.
    const reference = Partitioners.DefaultPartitioner();
    for (const { key, partition: p } of chosen)
      expect(p).toBe(
        reference({ topic: 'charges', partitionMetadata, message: { key, value: null } }),
      );
    expect([...firstRouted]).toEqual([`charges/${chosen[2].partition}`]);
    expect([...secondRouted].sort()).toEqual(
      [...new Set([chosen[0].partition, chosen[1].partition])].map((p) => `charges/${p}`).sort(),
    );
  });

  it('ignores messages it was not asked to track', () => {
    const routes = new RoutedPartitions();
    const partition = routes.partitioner()();
    const tracked = routes.track([]);
    partition({ topic: 'charges', partitionMetadata, message: { key: 'AB-123', value: 'a' } });
    expect(tracked.size).toBe(0);
  });
});
