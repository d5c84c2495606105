/**
 * Every Kafka topic and consumer group in Paystream. Versioned names: a
 * breaking change to an event gets a new topic, never a silent reshape.
 */
export const TOPICS = {
  /** Toll charges to settle, published by the outbox relay. Key: plate. */
  tollCharges: 'toll.charges.v1',
  /** Outcomes (SETTLED / DECLINED / FAILED) from the charge workers. Key: plate. */
  tollChargeResults: 'toll.charge-results.v1',
  /** Charges the workers could not settle or could not read. */
  tollChargesDlq: 'toll.charges.dlq.v1',
  /** Results the sink could not write. */
  tollChargeResultsDlq: 'toll.charge-results.dlq.v1',
} as const;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS];

export const CONSUMER_GROUPS = {
  chargeWorkers: 'toll-charge-processors',
  dbSink: 'db-sink',
} as const;

/** BullMQ queue names. */
export const QUEUES = {
  /** Delayed retries of toll charges (non-blocking retry). */
  tollChargeRetries: 'toll-charge-retries',
  /** The till's hybrid mode: a synchronous answer over a queue. */
  posPayments: 'pos-payments',
} as const;

export interface TopicSpec {
  name: TopicName;
  /** Fixed at creation: adding partitions later moves keys to other partitions. */
  partitions: number;
  /** Extra topic-level configs (retention etc.). */
  configs?: Record<string, string>;
}

/** Partition counts are defaults; provisioning reads overrides from config. */
export const TOPIC_SPECS: readonly TopicSpec[] = [
  { name: TOPICS.tollCharges, partitions: 4 },
  { name: TOPICS.tollChargeResults, partitions: 4 },
  // Dead letters are kept for a month: someone has to look at them.
  {
    name: TOPICS.tollChargesDlq,
    partitions: 1,
    configs: { 'retention.ms': String(30 * 86_400_000) },
  },
  {
    name: TOPICS.tollChargeResultsDlq,
    partitions: 1,
    configs: { 'retention.ms': String(30 * 86_400_000) },
  },
];
