/** The console's read connections, shared by every view. */
export const KAFKA_ADMIN = Symbol('KAFKA_ADMIN');
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');
export const DATABASE_POOL = Symbol('DATABASE_POOL');
