export * from './acks';
export * from './outgoing-record';
export * from './publish-failed.error';
export * from './not-enough-replicas.error';
export * from './kafka-unavailable.error';
export * from './classify-publish-error';
export * from './event-producer';
export * from './partitions-not-acknowledged.error';
