export * from './replication-defaults';
export * from './partition-count-mismatch.error';
export * from './replication-drift.error';
export * from './topic-provisioning.error';
export * from './describe-topic';
export * from './provision-topics';
export * from './create-topics-and-wait';
export * from './topic-not-ready';
