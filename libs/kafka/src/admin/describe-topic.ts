import { Admin, ConfigResourceTypes } from 'kafkajs';

export interface PartitionDescription {
  partition: number;
  /** Broker id of the leader; -1 when the partition has no leader. */
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicDescription {
  name: string;
  partitions: PartitionDescription[];
  /** Smallest replica count over the partitions. */
  replicationFactor: number;
  /** Topic-level (or inherited broker default) min.insync.replicas. */
  minInsyncReplicas: number;
  configs: Record<string, string>;
}

/** Partitions with leaders/replicas/ISR plus the topic's effective configs. */
export async function describeTopic(admin: Admin, topic: string): Promise<TopicDescription> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const found = metadata.topics.find((t) => t.name === topic);
  if (!found) throw new Error(`topic ${topic} does not exist`);
  const partitions = found.partitions
    .map((p) => ({
      partition: p.partitionId,
      leader: p.leader,
      replicas: [...p.replicas],
      isr: [...p.isr],
    }))
    .sort((a, b) => a.partition - b.partition);
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
  });
  const configs = Object.fromEntries(
    (described.resources[0]?.configEntries ?? []).map((e) => [e.configName, e.configValue]),
  );
  return {
    name: topic,
    partitions,
    replicationFactor: Math.min(...partitions.map((p) => p.replicas.length)),
    minInsyncReplicas: Number(configs['min.insync.replicas'] ?? '1'),
    configs,
  };
}

/** Broker id leading each partition (index = partition number). */
export async function partitionLeaders(admin: Admin, topic: string): Promise<number[]> {
  const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
  const found = metadata.topics.find((t) => t.name === topic);
  if (!found) throw new Error(`topic ${topic} does not exist`);
  return [...found.partitions].sort((a, b) => a.partitionId - b.partitionId).map((p) => p.leader);
}
