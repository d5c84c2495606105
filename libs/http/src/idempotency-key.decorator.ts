import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { IDEMPOTENCY_KEY_HEADER, idempotencyKeySchema } from '@paystream/contracts';
import type { Request } from 'express';
import { ZodValidationPipe } from './zod-validation.pipe';

const idempotencyKeyHeader = createParamDecorator(
  (_data: unknown, context: ExecutionContext) =>
    context.switchToHttp().getRequest<Request>().headers[IDEMPOTENCY_KEY_HEADER],
);

/**
 * The request's Idempotency-Key header, validated by the one key schema of
 * @paystream/contracts: a missing or malformed key is a 400 naming Idempotency-Key.
 * Nest runs parameter pipes last parameter first, so declare it before `@Body`
 * to have a bad body named first (as the till and the gateway do).
 */
export function IdempotencyKey(): ParameterDecorator {
  return idempotencyKeyHeader(new ZodValidationPipe(idempotencyKeySchema, 'Idempotency-Key'));
}
