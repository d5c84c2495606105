export * from './invalid-config.error';
export * from './load-config';
export * from './env-fields';
export * from './config.module';
