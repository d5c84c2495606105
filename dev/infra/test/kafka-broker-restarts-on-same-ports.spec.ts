import { Kafka, logLevel } from 'kafkajs';
import { startKafka, type KafkaCluster } from '@paystream/dev-infra';
import { isAlive } from './process-helpers';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

describe('a three-broker KRaft cluster', () => {
  let cluster: KafkaCluster;
  beforeAll(async () => {
    cluster = await startKafka({ brokers: 3 });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('keeps accepting acks=all writes with one broker down, and the broker rejoins on its ports', async () => {
    const kafka = new Kafka({ brokers: cluster.bootstrapServers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await admin.connect();
    await producer.connect();
    try {
      const topic = `restart-${Date.now()}`;
      await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 3 }] });
      await producer.send({ topic, acks: -1, messages: [{ key: 'AB-123', value: 'before' }] });

      const victim = cluster.nodes[1];
      const { port, controllerPort, pid } = victim;
      const exit = await cluster.stopBroker(victim.id);
      // The JVM ended on its own after a controlled shutdown (leaders handed over), not at the grace's SIGKILL.
      expect(exit).toMatchObject({ signal: null });
      expect(isAlive(pid!)).toBe(false);
      expect(victim.running).toBe(false);

      // RF 3, min ISR 2: one broker down loses nothing and blocks nothing.
      await producer.send({ topic, acks: -1, messages: [{ key: 'AB-123', value: 'during' }] });

      await cluster.startBroker(victim.id);
      expect(victim).toMatchObject({ port, controllerPort, running: true });
      const { brokers } = await admin.describeCluster();
      expect(brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);

      const offsets = await admin.fetchTopicOffsets(topic);
      expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(2);
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
