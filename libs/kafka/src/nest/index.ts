export * from './kafka.module';
export * from './kafka.tokens';
export * from './kafka-log.adapter';
export type { KafkaModuleOptions } from './kafka-module-options';
export * from './consumer-log.adapter';
export * from './app-consumer';
