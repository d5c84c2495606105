export * from './logging/logging.module';
export * from './metrics/metrics.tokens';
export * from './metrics/metrics.module';
export * from './health/readiness-check';
export * from './health/readiness.registry';
export * from './health/health.module';
export * from './observability.module';
