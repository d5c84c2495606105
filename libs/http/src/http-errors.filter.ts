import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
} from '@nestjs/common';
import { ValidationFailedError } from './validation-failed.error';
import type { Response } from 'express';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * Turns body-parser failures (malformed JSON, oversized body) into the same
 * 400/413 shape as validation errors, and hides internals of unexpected errors.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    // Nest maps body-parser's SyntaxError to a bare BadRequestException(message).
    if (
      exception instanceof BadRequestException &&
      !(exception instanceof ValidationFailedError) &&
      /JSON/.test(exception.message)
    ) {
      res.status(400).json(malformedJson(exception.message));
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { message: body } : body);
      return;
    }
    const err = exception as BodyParserError;
    if (err?.type === 'entity.parse.failed') {
      res.status(400).json(malformedJson(err.message));
      return;
    }
    if (err?.type === 'entity.too.large') {
      res.status(413).json({
        statusCode: 413,
        error: 'body_too_large',
        message: `(body): is larger than the ${err.limit} byte limit`,
        problems: [{ field: '(body)', reason: `is larger than the ${err.limit} byte limit` }],
      });
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    res.status(500).json({ statusCode: 500, error: 'internal_error', message: 'internal error' });
  }
}

function malformedJson(detail: string) {
  return {
    statusCode: 400,
    error: 'malformed_json',
    message: `(body): is not valid JSON (${detail})`,
    problems: [{ field: '(body)', reason: `is not valid JSON (${detail})` }],
  };
}
