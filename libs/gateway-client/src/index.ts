export * from './gateway-client';
export * from './gateway-client-options';
export * from './charge-outcome';
export * from './errors/gateway-client.error';
export * from './errors/gateway-unavailable.error';
export * from './errors/gateway-timeout.error';
export * from './errors/gateway-request-rejected.error';
export * from './errors/gateway-charge-not-found.error';
