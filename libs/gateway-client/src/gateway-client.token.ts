/** Injection token of an app's GatewayClient: every app that calls the gateway provides and injects it under this one token. */
export const GATEWAY_CLIENT = Symbol('GATEWAY_CLIENT');
