import { logLevel } from 'kafkajs';
import {
  createKafka,
  describeTopic,
  PartitionCountMismatchError,
  provisionTopics,
  ReplicationDriftError,
  TopicProvisioningError,
} from '@paystream/kafka';
import { randomName } from '@paystream/testing';

jest.setTimeout(120_000);

const BROKERS = (process.env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);

describe('topic provisioning as code', () => {
  const admin = createKafka({
    clientId: 'test-provisioning',
    brokers: BROKERS,
    logLevel: logLevel.NOTHING,
  }).admin();
  const topic = randomName('provision');

  beforeAll(() => admin.connect());
  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates the topic with its partitions, replication and min ISR, then is a no-op', async () => {
    const first = await provisionTopics(admin, [{ name: topic, partitions: 3 }]);
    expect(first.created).toEqual([topic]);
    const described = await describeTopic(admin, topic);
    expect(described.partitions).toHaveLength(3);
    expect(described.replicationFactor).toBe(first.replication.replicationFactor);
    expect(described.minInsyncReplicas).toBe(first.replication.minInsyncReplicas);
    expect(described.partitions.every((p) => p.leader >= 0)).toBe(true);

    const again = await provisionTopics(admin, [{ name: topic, partitions: 3 }]);
    expect(again).toMatchObject({ created: [], unchanged: [topic], problems: [] });
  });

  it('refuses a partition-count change with an explanation, and changes nothing', async () => {
    const attempt = provisionTopics(admin, [{ name: topic, partitions: 6 }]);
    await expect(attempt).rejects.toBeInstanceOf(TopicProvisioningError);
    const report = await provisionTopics(admin, [{ name: topic, partitions: 6 }], {
      reportOnly: true,
    });
    expect(report.problems).toHaveLength(1);
    const [problem] = report.problems;
    expect(problem).toBeInstanceOf(PartitionCountMismatchError);
    expect(problem.message).toMatch(/moves existing keys to other partitions/);
    expect((await describeTopic(admin, topic)).partitions).toHaveLength(3);
  });

  it('reports min.insync.replicas drift', async () => {
    const report = await provisionTopics(admin, [{ name: topic, partitions: 3 }], {
      minInsyncReplicas: 5,
      reportOnly: true,
    });
    expect(report.problems.map((p) => p.constructor)).toEqual([ReplicationDriftError]);
    expect((report.problems[0] as ReplicationDriftError).setting).toBe('min.insync.replicas');
  });
});
