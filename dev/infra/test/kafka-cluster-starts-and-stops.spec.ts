import fs from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import { isKafkaReachable, startKafka } from '@paystream/dev-infra';
import { isAlive } from './process-helpers';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

describe('a one-broker KRaft cluster', () => {
  it('answers metadata requests once started and leaves nothing behind when stopped', async () => {
    const cluster = await startKafka({ brokers: 1 });
    const pid = cluster.nodes[0].pid!;
    try {
      expect(cluster.bootstrapServers).toEqual([`127.0.0.1:${cluster.nodes[0].port}`]);
      expect(isAlive(pid)).toBe(true);
      const admin = new Kafka({
        brokers: cluster.bootstrapServers,
        logLevel: logLevel.NOTHING,
      }).admin();
      await admin.connect();
      try {
        const { brokers } = await admin.describeCluster();
        expect(brokers.map((b) => b.nodeId)).toEqual([1]);
        // auto-create is off: topics exist only when provisioned.
        const topics = await admin.listTopics();
        expect(topics.filter((t) => !t.startsWith('__'))).toEqual([]);
      } finally {
        await admin.disconnect();
      }
    } finally {
      await cluster.stop();
    }
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(cluster.dataDir)).toBe(false);
    expect(await isKafkaReachable(cluster.bootstrapServers, 1_000)).toBe(false);
  });
});
