/** Injection token of the shared GatewayClient. */
export const GATEWAY_CLIENT = Symbol('GATEWAY_CLIENT');
