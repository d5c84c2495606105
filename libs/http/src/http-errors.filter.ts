import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { STATUS_CODES } from 'node:http';
import { allowedMethods } from './allowed-methods';
import { ValidationFailedError } from './validation-failed.error';

/** What body-parser (through http-errors) attaches to the errors it raises. */
interface BodyParserError extends Error {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
  charset?: string;
}

/** The project's error shape: every 4xx/5xx body has these (and `problems` when fields are at fault). */
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  problems?: { field: string; reason: string }[];
}

/** body-parser's error types that are the client's fault, with the code the body carries. */
const BODY_PARSER_CODES: Record<string, string> = {
  'charset.unsupported': 'unsupported_charset',
  'encoding.unsupported': 'unsupported_content_encoding',
  'request.aborted': 'request_aborted',
  'request.size.invalid': 'body_size_mismatch',
  'entity.verify.failed': 'malformed_body',
};

/**
 * One error shape for every answer that is not a success: validation errors
 * as they are, body-parser failures (malformed JSON 400, oversized 413,
 * unsupported charset or encoding 415, a body cut short 400), Nest's own
 * exceptions (an unknown route, a path that does not decode) rewritten into
 * the shape, and the internals of unexpected errors hidden behind a 500.
 */
@Catch()
export class HttpErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger(HttpErrorsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const { status, body, allow } = this.describe(exception, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (allow) res.setHeader('Allow', allow.join(', '));
    res.status(status).json(body);
  }

  private describe(
    exception: unknown,
    req: Request,
  ): { status: number; body: ErrorBody; allow?: string[] } {
    // Already in the shape (the apps' own errors, validation failures): as they are.
    if (
      exception instanceof HttpException &&
      isErrorBody(exception.getResponse(), exception.getStatus())
    ) {
      return { status: exception.getStatus(), body: exception.getResponse() as ErrorBody };
    }
    // Nest maps body-parser's SyntaxError to a bare BadRequestException(message).
    if (
      exception instanceof BadRequestException &&
      !(exception instanceof ValidationFailedError) &&
      /JSON/.test(exception.message)
    ) {
      return { status: 400, body: malformedJson(exception.message) };
    }
    if (exception instanceof HttpException) {
      const body = inProjectShape(exception, req);
      // The path exists with other methods: 405 and Allow are the truth, not "no route".
      if (body.error === 'route_not_found') {
        const allow = allowedMethods(req);
        if (allow.length > 0) {
          const message = `${req.method} is not allowed here (allowed: ${allow.join(', ')})`;
          return {
            status: 405,
            allow,
            body: { statusCode: 405, error: 'method_not_allowed', message },
          };
        }
      }
      return { status: exception.getStatus(), body };
    }
    const err = exception as BodyParserError;
    if (err?.type === 'entity.parse.failed')
      return { status: 400, body: malformedJson(err.message) };
    if (err?.type === 'entity.too.large') {
      const reason = `is larger than the ${err.limit} byte limit`;
      return {
        status: 413,
        body: {
          statusCode: 413,
          error: 'body_too_large',
          message: `(body): ${reason}`,
          problems: [{ field: '(body)', reason }],
        },
      };
    }
    // Any other client error body-parser raises (http-errors marks them `expose`): its status, a code, the reason.
    const status = err?.status ?? err?.statusCode;
    if (err?.expose && typeof status === 'number' && status >= 400 && status < 500) {
      const error = (err.type && BODY_PARSER_CODES[err.type]) ?? codeOf(status);
      const field =
        err.type === 'charset.unsupported' || err.type === 'encoding.unsupported'
          ? 'content-type'
          : '(body)';
      return {
        status,
        body: {
          statusCode: status,
          error,
          message: `${field}: ${err.message}`,
          problems: [{ field, reason: err.message }],
        },
      };
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return {
      status: 500,
      body: { statusCode: 500, error: 'internal_error', message: 'internal error' },
    };
  }
}

/** An HttpException's body as it is when already in the shape, rewritten when it is Nest's default `{message, error: 'Not Found'}`. */
function inProjectShape(exception: HttpException, req: Request): ErrorBody {
  const status = exception.getStatus();
  const given = exception.getResponse();
  if (isErrorBody(given, status)) return given;
  const message = messageOf(given) ?? exception.message;
  // Nest's router answers an unmatched method + path with NotFoundException("Cannot GET /x").
  if (exception instanceof NotFoundException && /^Cannot [A-Z]+ /.test(message)) {
    return {
      statusCode: 404,
      error: 'route_not_found',
      message: `no route ${req.method} ${req.originalUrl.split('?')[0].slice(0, 200)}`,
    };
  }
  // Express could not percent-decode a path parameter (e.g. %E0%A4%A or an encoded lone surrogate).
  if (status === 400 && /^Failed to decode param/.test(message)) {
    const reason = 'is not valid percent-encoded UTF-8';
    return {
      statusCode: 400,
      error: 'malformed_path',
      message: `(path): ${reason}`,
      problems: [{ field: '(path)', reason }],
    };
  }
  return { statusCode: status, error: codeOf(status), message };
}

function isErrorBody(body: unknown, status: number): body is ErrorBody {
  if (!body || typeof body !== 'object') return false;
  const b = body as Partial<ErrorBody>;
  return (
    b.statusCode === status &&
    typeof b.error === 'string' &&
    /^[a-z][a-z0-9_]*$/.test(b.error) &&
    typeof b.message === 'string'
  );
}

function messageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown } | null)?.message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

/** "Not Found" → "not_found", from the status alone. */
function codeOf(status: number): string {
  return (STATUS_CODES[status] ?? 'error')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

function malformedJson(detail: string): ErrorBody {
  return {
    statusCode: 400,
    error: 'malformed_json',
    message: `(body): is not valid JSON (${detail})`,
    problems: [{ field: '(body)', reason: `is not valid JSON (${detail})` }],
  };
}
