import type { DeadLetterSource } from '@paystream/kafka';

/**
 * The original Kafka record of a charge, carried into retry jobs so that a
 * charge that finally fails can be dead-lettered exactly as it was read:
 * a dead letter's source whose value is the original JSON text (jobs are JSON).
 */
export type ChargeSource = DeadLetterSource & { value: string };
