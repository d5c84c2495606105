export * from './validation-failed.error';
export * from './zod-validation.pipe';
export * from './http-errors.filter';
export * from './start-http-app';
