import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

interface ClientError extends Error {
  code?: string;
}

/**
 * Node's HTTP parser refuses what is broken below HTTP's semantics (a NUL in
 * the request line or a header, headers too large, a garbage request line)
 * before any route runs, and by default answers a bare 400 with no body. This
 * answers in the project's error shape instead, then closes the connection.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on(
    'clientError',
    (err: ClientError, socket: Duplex & { _httpMessage?: { headersSent?: boolean } }) => {
      if (err.code === 'ECONNRESET' || !socket.writable || socket._httpMessage?.headersSent) {
        socket.destroy();
        return;
      }
      const [status, text, code, reason] =
        err.code === 'HPE_HEADER_OVERFLOW'
          ? [
              431,
              'Request Header Fields Too Large',
              'headers_too_large',
              'the request headers are larger than the server accepts',
            ]
          : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? [408, 'Request Timeout', 'request_timeout', 'the request was not received in time']
            : [
                400,
                'Bad Request',
                'malformed_request',
                `is not a valid HTTP request (${err.code ?? 'parse error'})`,
              ];
      const body = JSON.stringify({
        statusCode: status,
        error: code,
        message: `(request): ${reason}`,
        problems: [{ field: '(request)', reason }],
      });
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    },
  );
}
