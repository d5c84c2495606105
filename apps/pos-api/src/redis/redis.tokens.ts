/** Injection token of the app's shared ioredis connection (commands, not blocking reads). */
export const REDIS_CONNECTION = Symbol('REDIS_CONNECTION');
