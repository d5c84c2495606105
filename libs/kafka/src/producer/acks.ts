/**
 * How many brokers must have a record before the producer calls it sent.
 * A deliberate choice per producer (see docs/asynchronous-story-outbox.md):
 * - none:   fire and forget (0) — fastest, a leader crash loses records silently;
 * - leader: the partition leader wrote it (1) — lost if the leader dies before followers copy it;
 * - all:    every in-sync replica has it (-1), and with min.insync.replicas=2 at
 *           least two brokers — the default for money.
 */
export const ACKS_LEVELS = ['none', 'leader', 'all'] as const;
export type AcksLevel = (typeof ACKS_LEVELS)[number];

const KAFKA_ACKS: Readonly<Record<AcksLevel, 0 | 1 | -1>> = { none: 0, leader: 1, all: -1 };

export function toKafkaAcks(level: AcksLevel): 0 | 1 | -1 {
  return KAFKA_ACKS[level];
}
