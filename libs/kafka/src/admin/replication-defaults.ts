export interface ReplicationSettings {
  replicationFactor: number;
  minInsyncReplicas: number;
}

/** Production replication for money: three copies, two must acknowledge. */
const PRODUCTION_REPLICATION_FACTOR = 3;
const PRODUCTION_MIN_INSYNC_REPLICAS = 2;

/**
 * Sensible replication for a cluster of `brokerCount` brokers: RF 3 / min ISR 2
 * on three or more (one broker may die without losing or refusing writes),
 * otherwise as many copies as there are brokers and min ISR 1 (a laptop).
 */
export function defaultReplication(brokerCount: number): ReplicationSettings {
  if (brokerCount >= PRODUCTION_REPLICATION_FACTOR) {
    return {
      replicationFactor: PRODUCTION_REPLICATION_FACTOR,
      minInsyncReplicas: PRODUCTION_MIN_INSYNC_REPLICAS,
    };
  }
  return { replicationFactor: Math.max(1, brokerCount), minInsyncReplicas: 1 };
}
