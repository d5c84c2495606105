import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';

/** One answer, read whole; `ms` is only for the hang bound, never a speed assertion. */
export interface Answer {
  status: number;
  contentType: string;
  text: string;
  json: unknown;
  /** The Allow header (a 405 must say which methods the path takes). */
  allow?: string;
}

export interface HostileRequest {
  method: string;
  /** Path and query exactly as sent on the wire (already percent-encoded where needed). */
  path: string;
  headers?: Record<string, string | string[]>;
  body?: string | Buffer;
}

/**
 * A request must be answered within this bound: the till's deadline is 2 s, so
 * anything near 20 s on a busy machine is a hang, not slowness.
 */
export const ANSWER_BOUND_MS = 20_000;

/**
 * Sends the request with node:http (not fetch) so it can carry what fetch
 * refuses or rewrites: any method, repeated headers, a body with any
 * content-type or none, bytes that are not UTF-8.
 */
export function send(baseUrl: string, req: HostileRequest): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise<Answer>((resolve, reject) => {
    const body =
      req.body === undefined
        ? undefined
        : Buffer.isBuffer(req.body)
          ? req.body
          : Buffer.from(req.body, 'utf8');
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: req.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
        timeout: ANSWER_BOUND_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text,
            json: parseJson(text),
            allow: res.headers.allow,
          });
        });
        res.on('error', reject);
      },
    );
    r.on('timeout', () =>
      r.destroy(
        new Error(`no answer within ${ANSWER_BOUND_MS} ms (hang): ${req.method} ${req.path}`),
      ),
    );
    r.on('error', reject);
    r.end(body);
  });
}

/**
 * Writes raw bytes on a socket: for requests Node's own client will not send
 * (a NUL in the request line or a header, a header too large).
 */
export function sendRaw(baseUrl: string, bytes: Buffer): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise<Answer>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(
      () => socket.destroy(new Error(`no answer within ${ANSWER_BOUND_MS} ms (hang)`)),
      ANSWER_BOUND_MS,
    );
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = raw.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      const contentType = /\r\ncontent-type: *([^\r\n]*)/i.exec(head)?.[1] ?? '';
      const text = rest.join('\r\n\r\n');
      resolve({ status, contentType, text, json: parseJson(text) });
    });
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Why an answer is not a refusal in the project's error shape, or undefined when it is. */
export function shapeProblem(answer: Answer, allowed: readonly number[]): string | undefined {
  if (answer.status >= 500) return `answered ${answer.status} (5xx)`;
  if (!allowed.includes(answer.status))
    return `answered ${answer.status}, expected one of ${allowed.join('/')}`;
  if (!/application\/json/.test(answer.contentType))
    return `content-type ${answer.contentType || '(none)'}, not JSON`;
  const body = answer.json as
    { statusCode?: unknown; error?: unknown; message?: unknown; problems?: unknown } | undefined;
  if (!body || typeof body !== 'object') return 'body is not a JSON object';
  if (body.statusCode !== answer.status)
    return `statusCode ${String(body.statusCode)} is not the status ${answer.status}`;
  if (typeof body.error !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.error))
    return `error ${JSON.stringify(body.error)} is not a snake_case code`;
  if (typeof body.message !== 'string' || body.message.length === 0) return 'message is missing';
  if (answer.status === 405 && !answer.allow) {
    return '405 without an Allow header';
  }
  if (body.problems !== undefined) {
    const ok =
      Array.isArray(body.problems) &&
      body.problems.length > 0 &&
      body.problems.every(
        (p: { field?: unknown; reason?: unknown }) =>
          typeof p?.field === 'string' && typeof p?.reason === 'string',
      );
    if (!ok) return 'problems is not a list of {field, reason}';
  }
  return undefined;
}

/** Short description of an answer for failure messages. */
export function describe(answer: Answer): string {
  return `${answer.status} ${answer.contentType} ${answer.text.slice(0, 300)}`;
}
