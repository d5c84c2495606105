import type { NextFunction, Request, Response } from 'express';
import { EmptyJsonBodyError } from './empty-json-body.error';
import { UnsupportedMediaTypeError } from './unsupported-media-type.error';

const JSON_TYPES = ['application/json', 'application/*+json'];
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Runs before the JSON body parser. A body in any other media type would be
 * skipped by the parser and reach validation as "no body" (a misleading 400
 * about every field): refuse it with 415 instead. A JSON content-type with an
 * empty body on a write is malformed JSON, not `{}`.
 */
export function jsonBodiesOnly(req: Request, _res: Response, next: NextFunction): void {
  const length = req.headers['content-length'];
  const hasBody =
    req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
  if (hasBody && !req.is(JSON_TYPES)) {
    next(new UnsupportedMediaTypeError(req.headers['content-type']));
    return;
  }
  if (!hasBody && METHODS_WITH_BODY.has(req.method) && length === '0' && req.is(JSON_TYPES)) {
    next(new EmptyJsonBodyError());
    return;
  }
  next();
}
