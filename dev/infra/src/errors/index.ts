export { MissingToolError, JAVA_AND_MAVEN_HINT, REDIS_HINT } from './missing-tool.error';
export { ServiceStartError } from './service-start.error';
export { KafkaFetchError } from './kafka-fetch.error';
export { EvictionPolicyError, redactUrl } from './eviction-policy.error';
