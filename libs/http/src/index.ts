export * from './validation-failed.error';
export * from './zod-validation.pipe';
export * from './http-errors.filter';
export * from './start-http-app';
export * from './unsupported-media-type.error';
export * from './empty-json-body.error';
export * from './zod-openapi-schema';
export * from './idempotency-key.decorator';
