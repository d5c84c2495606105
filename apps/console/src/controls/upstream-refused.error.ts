import { HttpException } from '@nestjs/common';

/** The gateway or the supervisor refused a control: its status and answer, passed on. */
export class UpstreamRefusedError extends HttpException {
  constructor(upstream: string, status: number, body: unknown) {
    super(
      typeof body === 'object' && body !== null
        ? body
        : {
            statusCode: status,
            error: 'upstream_refused',
            message: `${upstream}: ${String(body)}`,
          },
      status,
    );
  }
}
