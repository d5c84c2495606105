export * from './topics';
export * from './headers';
export * from './money';
export * from './events/event-types';
export * from './events/toll-charge-requested.v1';
export * from './events/toll-charge-result.v1';
export * from './gateway/test-card-tokens';
export * from './gateway/gateway-api';
