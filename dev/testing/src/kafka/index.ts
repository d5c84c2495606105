export * from './kafka-test-helpers';
