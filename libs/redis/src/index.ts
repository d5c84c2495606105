// Public surface of @paystream/redis: how production code connects BullMQ to
// Redis and refuses a Redis that may evict its jobs (one implementation for
// every app and for dev/infra).
export { bullmqConnection } from './bullmq-connection';
export { assertNoEviction } from './assert-no-eviction';
export { EvictionPolicyError } from './eviction-policy.error';
export { redactUrl } from './redact-url';
