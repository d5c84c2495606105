/** Injection tokens of the app's Kafka client and producer. */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const EVENT_PRODUCER = Symbol('EVENT_PRODUCER');
