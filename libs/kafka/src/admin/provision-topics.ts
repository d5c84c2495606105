import { Admin } from 'kafkajs';
import { createTopicsAndWait } from './create-topics-and-wait';
import { describeTopic } from './describe-topic';
import { PartitionCountMismatchError } from './partition-count-mismatch.error';
import { defaultReplication, ReplicationSettings } from './replication-defaults';
import { ReplicationDriftError } from './replication-drift.error';
import { TopicProvisioningError } from './topic-provisioning.error';

/** What a topic should look like (TopicSpec from @paystream/contracts fits, as do test topics). */
export interface ProvisionTopicSpec {
  name: string;
  partitions: number;
  configs?: Record<string, string>;
}

export interface ProvisionOptions {
  /** Default: derived from the number of brokers (defaultReplication). */
  replicationFactor?: number;
  minInsyncReplicas?: number;
  /** Partition count overrides by topic name (config), applied over the specs. */
  partitions?: Record<string, number>;
  /** Return problems in the report instead of throwing TopicProvisioningError. */
  reportOnly?: boolean;
}

export interface ProvisionReport {
  replication: ReplicationSettings;
  created: string[];
  /** Existing topics that match their specs. */
  unchanged: string[];
  problems: Error[];
}

/**
 * Creates every topic that does not exist yet (partitions, replication
 * factor, min.insync.replicas) and checks the ones that do. Idempotent: run
 * at every start-up. An existing topic is never changed; a mismatch is
 * reported (and thrown unless reportOnly).
 */
export async function provisionTopics(
  admin: Admin,
  specs: readonly ProvisionTopicSpec[],
  options: ProvisionOptions = {},
): Promise<ProvisionReport> {
  const { brokers } = await admin.describeCluster();
  const defaults = defaultReplication(brokers.length);
  const replication: ReplicationSettings = {
    replicationFactor: options.replicationFactor ?? defaults.replicationFactor,
    minInsyncReplicas: options.minInsyncReplicas ?? defaults.minInsyncReplicas,
  };
  const wanted = specs.map((s) => ({
    ...s,
    partitions: options.partitions?.[s.name] ?? s.partitions,
  }));
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((s) => !existing.has(s.name));
  const report: ProvisionReport = { replication, created: [], unchanged: [], problems: [] };

  if (missing.length > 0) {
    try {
      await createTopicsAndWait(
        admin,
        missing.map((s) => ({
          topic: s.name,
          numPartitions: s.partitions,
          replicationFactor: replication.replicationFactor,
          configEntries: Object.entries({
            ...s.configs,
            'min.insync.replicas': String(replication.minInsyncReplicas),
          }).map(([name, value]) => ({ name, value })),
        })),
      );
    } catch (error) {
      // Another instance may have created some of them at the same moment: re-checked below.
      if (!isTopicAlreadyExists(error)) throw error;
    }
    report.created.push(...missing.map((s) => s.name));
  }

  for (const spec of wanted.filter((s) => existing.has(s.name))) {
    const before = report.problems.length;
    const actual = await describeTopic(admin, spec.name);
    if (actual.partitions.length !== spec.partitions) {
      report.problems.push(
        new PartitionCountMismatchError(spec.name, spec.partitions, actual.partitions.length),
      );
    }
    if (actual.replicationFactor !== replication.replicationFactor) {
      report.problems.push(
        new ReplicationDriftError(
          spec.name,
          'replication.factor',
          replication.replicationFactor,
          actual.replicationFactor,
        ),
      );
    }
    if (actual.minInsyncReplicas !== replication.minInsyncReplicas) {
      report.problems.push(
        new ReplicationDriftError(
          spec.name,
          'min.insync.replicas',
          replication.minInsyncReplicas,
          actual.minInsyncReplicas,
        ),
      );
    }
    if (report.problems.length === before) report.unchanged.push(spec.name);
  }

  if (report.problems.length > 0 && !options.reportOnly)
    throw new TopicProvisioningError(report.problems);
  return report;
}

function isTopicAlreadyExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: Array<{ type?: string }> };
  if (e?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return (
    Array.isArray(e?.errors) &&
    e.errors.length > 0 &&
    e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS')
  );
}
