import { HttpException } from '@nestjs/common';

/** 415: the apps read JSON bodies only; anything else would reach the handler as an empty body. */
export class UnsupportedMediaTypeError extends HttpException {
  constructor(contentType: string | undefined) {
    const reason = `must be application/json (was ${contentType ? JSON.stringify(contentType.slice(0, 100)) : 'missing'})`;
    super(
      {
        statusCode: 415,
        error: 'unsupported_media_type',
        message: `content-type: ${reason}`,
        problems: [{ field: 'content-type', reason }],
      },
      415,
    );
  }
}
