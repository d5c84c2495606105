import { BadRequestException } from '@nestjs/common';

/** 400: a JSON content-type with no body at all is not JSON (body-parser would hand the handler `{}`). */
export class EmptyJsonBodyError extends BadRequestException {
  constructor() {
    super({
      statusCode: 400,
      error: 'malformed_json',
      message: '(body): is empty, expected a JSON document',
      problems: [{ field: '(body)', reason: 'is empty, expected a JSON document' }],
    });
  }
}
