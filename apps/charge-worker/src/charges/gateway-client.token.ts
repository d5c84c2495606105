/** Injection token of the GatewayClient (@paystream/gateway-client). */
export const GATEWAY_CLIENT = Symbol('GATEWAY_CLIENT');
