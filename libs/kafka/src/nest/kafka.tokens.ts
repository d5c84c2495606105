/** Injection tokens of an app's Kafka client, producer and admin (provided by KafkaModule). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const EVENT_PRODUCER = Symbol('EVENT_PRODUCER');
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
