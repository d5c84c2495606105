import { HostileRequest } from './hostile-request';

/**
 * What a case must get back: a refusal with one of these statuses, in the
 * project's error shape (optionally naming `field` among its problems, with a
 * reason containing `reason`), or — for input an endpoint may rightly ignore
 * (an unknown query parameter on /health/live) — anything that is not a 5xx.
 */
export type Expectation =
  { refused: readonly number[]; field?: string; reason?: string } | 'not-5xx';

export interface HostileCase extends HostileRequest {
  name: string;
  expect: Expectation;
}

/** One endpoint with a request that it accepts, which the cases then spoil one way at a time. */
export interface Endpoint {
  method: 'GET' | 'POST' | 'PUT';
  /** A path the endpoint accepts (query included, if it needs one). */
  path: string;
  headers?: Record<string, string>;
  /** A JSON body it accepts (POST/PUT). */
  body?: Record<string, unknown>;
  /** Statuses that are also the truth for an unknown sub-route (400 when the path is taken as a malformed :id). */
  alsoTrue?: readonly number[];
}

export const NUL = '\u0000';
/**
 * Header value replaced by a new idempotency key for each request, so a
 * refusal cannot hide behind an earlier answer for the same key (a 422 "key
 * reused" would mask what the body itself does).
 */
export const FRESH_KEY = '<fresh-key>';
/** A lone high surrogate: valid in a JS string and in JSON text ("\ud800"), not encodable as UTF-8. */
export const LONE_SURROGATE = '\ud800';
const KB = 1024;

const BAD_REQUEST = { refused: [400] } as const;
const METHOD_NOT_ALLOWED = { refused: [405] } as const;

/** Cases every endpoint gets: the route itself spoiled (unknown sub-route, wrong method, bad encoding, hostile query). */
export function routeCases(e: Endpoint): HostileCase[] {
  const [pathOnly, query = ''] = e.path.split('?');
  const q = query ? `?${query}` : '';
  const cases: HostileCase[] = [
    {
      name: 'unknown sub-route',
      method: e.method,
      path: `${pathOnly}/no-such-route${q}`,
      headers: e.headers,
      expect: { refused: [404, 405, ...(e.alsoTrue ?? [])] },
    },
    // The path exists, the method does not: 405 with an Allow header is the truth, not 404.
    {
      name: 'DELETE (wrong method)',
      method: 'DELETE',
      path: e.path,
      headers: e.headers,
      expect: METHOD_NOT_ALLOWED,
    },
    {
      name: 'PATCH (wrong method)',
      method: 'PATCH',
      path: e.path,
      headers: jsonHeaders(e),
      body: '{}',
      expect: METHOD_NOT_ALLOWED,
    },
    {
      name: 'malformed percent-encoding in the path',
      method: e.method,
      path: `${pathOnly}/%E0%A4%A${q}`,
      headers: e.headers,
      expect: { refused: [400, 404] },
    },
    {
      name: 'NUL in the path',
      method: e.method,
      path: `${pathOnly}%00${q}`,
      headers: e.headers,
      expect: { refused: [400, 404] },
    },
    // 405 when the spoiled path is another endpoint's :id (POST /v1/charges/x matches GET /v1/charges/:id).
    {
      name: 'dot-dot segments in the path',
      method: e.method,
      path: `${pathOnly}/..%2f..%2f..%2fetc%2fpasswd${q}`,
      headers: e.headers,
      expect: { refused: [400, 404, 405] },
    },
    {
      name: 'hostile query (NUL, surrogate, nested, repeated, malformed encoding)',
      method: e.method,
      path: `${pathOnly}?${query ? `${query}&` : ''}x=%00&y=%ED%A0%80&z[a][b]=1&z=2&w=%E0%A4%A&__proto__[p]=1`,
      headers: e.headers,
      body: e.body ? JSON.stringify(e.body) : undefined,
      expect: 'not-5xx',
    },
    {
      name: 'HEAD',
      method: 'HEAD',
      path: e.path,
      headers: e.headers,
      expect: 'not-5xx',
    },
  ];
  if (e.method === 'GET') {
    cases.push({
      name: 'a JSON body on a GET',
      method: 'GET',
      path: e.path,
      headers: { ...e.headers, 'content-type': 'application/json' },
      body: '{"x": "\\u0000"',
      expect: { refused: [400] },
    });
  }
  return cases;
}

/** Cases for an endpoint that takes a JSON body: the body as a whole spoiled. */
export function jsonBodyCases(e: Endpoint): HostileCase[] {
  const valid = JSON.stringify(e.body);
  const base = { method: e.method, path: e.path };
  const withType = (
    contentType: string | undefined,
    body: string | Buffer,
    extra: Record<string, string> = {},
  ) => ({
    ...base,
    headers: { ...e.headers, ...(contentType ? { 'content-type': contentType } : {}), ...extra },
    body,
  });
  return [
    {
      name: 'truncated JSON',
      ...withType('application/json', valid.slice(0, -3)),
      expect: BAD_REQUEST,
    },
    {
      name: 'JSON with trailing garbage',
      ...withType('application/json', `${valid} x`),
      expect: BAD_REQUEST,
    },
    {
      name: 'an empty body',
      ...withType('application/json', ''),
      expect: { refused: [400], field: '(body)' },
    },
    { name: 'body null', ...withType('application/json', 'null'), expect: BAD_REQUEST },
    { name: 'body a string', ...withType('application/json', '"hello"'), expect: BAD_REQUEST },
    { name: 'body a number', ...withType('application/json', '42'), expect: BAD_REQUEST },
    { name: 'body an array', ...withType('application/json', `[${valid}]`), expect: BAD_REQUEST },
    {
      name: 'deeply nested arrays',
      ...withType('application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`),
      expect: BAD_REQUEST,
    },
    {
      name: 'NUL bytes outside strings',
      ...withType('application/json', `${valid.slice(0, 1)}\u0000${valid.slice(1)}`),
      expect: BAD_REQUEST,
    },
    {
      name: 'an unknown field',
      ...withType('application/json', JSON.stringify({ ...e.body, surprise: 1 })),
      expect: { refused: [400], field: 'surprise' },
    },
    {
      name: 'a __proto__ field',
      ...withType('application/json', `{"__proto__":{"polluted":true},${valid.slice(1)}`),
      expect: BAD_REQUEST,
    },
    {
      name: 'a constructor field',
      ...withType('application/json', `{"constructor":{"prototype":{"x":1}},${valid.slice(1)}`),
      expect: BAD_REQUEST,
    },
    {
      name: 'text/plain content-type',
      ...withType('text/plain', valid),
      expect: { refused: [415] },
    },
    {
      name: 'form content-type',
      ...withType('application/x-www-form-urlencoded', 'amount=1&currency=EUR'),
      expect: { refused: [415] },
    },
    { name: 'no content-type', ...withType(undefined, valid), expect: { refused: [415] } },
    {
      name: 'multipart content-type',
      ...withType(
        'multipart/form-data; boundary=x',
        `--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--`,
      ),
      expect: { refused: [415] },
    },
    {
      name: 'JSON in an unsupported charset',
      ...withType('application/json; charset=latin1', valid),
      expect: { refused: [415] },
    },
    {
      name: 'JSON in an unknown charset',
      ...withType('application/json; charset=x-nonsense', valid),
      expect: { refused: [415] },
    },
    {
      name: 'gzip that is not gzip',
      ...withType('application/json', valid, { 'content-encoding': 'gzip' }),
      expect: { refused: [400, 415] },
    },
    {
      name: 'an unknown content-encoding',
      ...withType('application/json', valid, { 'content-encoding': 'x-squash' }),
      expect: { refused: [415] },
    },
    {
      name: 'a body over the size limit',
      ...withType('application/json', JSON.stringify({ ...e.body, pad: 'x'.repeat(64 * KB) })),
      expect: { refused: [413] },
    },
    {
      name: 'a huge body (1 MB)',
      ...withType('application/json', Buffer.alloc(1024 * KB, 0x20)),
      expect: { refused: [413] },
    },
    {
      name: 'bytes that are not UTF-8',
      ...withType(
        'application/json',
        Buffer.concat([Buffer.from(valid.slice(0, -1)), Buffer.from(',"\xff\xfe":1}', 'latin1')]),
      ),
      expect: BAD_REQUEST,
    },
  ];
}

/** Cases for each field of a JSON body: the field spoiled (NUL, lone surrogate, overlong, wrong types, missing when required). */
export function fieldCases(
  e: Endpoint,
  options: { optional?: readonly string[] } = {},
): HostileCase[] {
  const body = e.body ?? {};
  const cases: HostileCase[] = [];
  const post = (name: string, field: string, value: unknown, remove = false): HostileCase => {
    const spoiled: Record<string, unknown> = { ...body, [field]: value };
    if (remove) delete spoiled[field];
    return {
      name: `${field}: ${name}`,
      method: e.method,
      path: e.path,
      headers: jsonHeaders(e),
      body: JSON.stringify(spoiled),
      expect: { refused: [400], field },
    };
  };
  for (const [field, value] of Object.entries(body)) {
    if (typeof value === 'string') {
      cases.push(
        post('NUL inside', field, `${value.slice(0, 1)}${NUL}${value.slice(1)}`),
        post('only a NUL', field, NUL),
        post('lone high surrogate', field, `${value}${LONE_SURROGATE}`),
        post('lone low surrogate', field, `\udc00${value}`),
        post('overlong (12 000 chars)', field, value.padEnd(12_000, value.slice(-1) || 'x')),
        post('a number', field, 12345),
        post('a boolean', field, true),
        post('an array', field, [value]),
        post('an object', field, { value }),
        post('empty', field, ''),
      );
    } else if (typeof value === 'number') {
      cases.push(
        post('negative', field, -value),
        post('a float', field, value + 0.5),
        post('a string', field, String(value)),
        post('huge (1e21)', field, 1e21),
        post('beyond 2^53', field, 2 ** 53 + 2),
        post('a boolean', field, true),
        post('an array', field, [value]),
        post('null', field, null),
      );
      // JSON.parse turns 1e400 into Infinity: only raw text can carry it.
      cases.push({
        ...post('1e400 (Infinity once parsed)', field, 0),
        body: JSON.stringify(body).replace(`"${field}":${value}`, `"${field}":1e400`),
      });
    } else if (typeof value === 'boolean') {
      cases.push(
        post('a string', field, 'true'),
        post('a number', field, 1),
        post('null', field, null),
      );
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const [k, v] = Object.entries(value)[0] ?? ['k', 'v'];
      cases.push(
        post('NUL in a value', field, { ...value, [k]: `${String(v)}${NUL}` }),
        post('NUL in a key', field, { ...value, [`${k}${NUL}`]: v }),
        post('lone surrogate in a value', field, {
          ...value,
          [k]: `${String(v)}${LONE_SURROGATE}`,
        }),
        post('lone surrogate in a key', field, { ...value, [`${k}${LONE_SURROGATE}`]: v }),
        post('a nested object as a value', field, { ...value, [k]: { deeper: v } }),
        post('a number as a value', field, { ...value, [k]: 1 }),
        post('overlong value', field, { ...value, [k]: 'v'.repeat(12_000) }),
        post('a string', field, 'metadata'),
        post('an array', field, [v]),
      );
    }
    if (!options.optional?.includes(field)) cases.push(post('missing', field, undefined, true));
  }
  return cases;
}

/** Cases for a header the endpoint requires (the idempotency key): missing, malformed, repeated. */
/**
 * The Idempotency-Key header spoiled one way at a time. Every app follows the
 * one key rule of @paystream/contracts (8–255 of letters, digits and . _ : -),
 * so each refusal names the header and says which part of the rule it broke.
 */
export function keyHeaderCases(e: Endpoint, header: string, field: string): HostileCase[] {
  const others = Object.fromEntries(
    Object.entries(jsonHeaders(e)).filter(([name]) => name.toLowerCase() !== header),
  );
  const withKey = (
    name: string,
    value: string | string[] | undefined,
    reason: string,
  ): HostileCase => ({
    name: `${header}: ${name}`,
    method: e.method,
    path: e.path,
    headers: value === undefined ? others : { ...others, [header]: value },
    body: e.body ? JSON.stringify(e.body) : undefined,
    expect: { refused: [400], field, reason },
  });
  const tooShort = 'must be at least 8 characters';
  const tooLong = 'must be at most 255 characters';
  const badCharacters = 'may contain only letters, digits and . _ : -';
  return [
    withKey('missing', undefined, 'is required'),
    withKey('empty', '', tooShort),
    withKey('too short', 'k1', tooShort),
    withKey('one over the longest (256 chars)', 'k'.repeat(256), tooLong),
    withKey('too long (4 000 chars)', 'k'.repeat(4000), tooLong),
    withKey('spaces and punctuation', 'key with spaces!', badCharacters),
    withKey('latin-1 bytes', 'clé-de-paiement-1', badCharacters),
    withKey('percent-encoded NUL', 'key-%00-abcdef', badCharacters),
    withKey('sent twice', ['first-key-123', 'second-key-456'], badCharacters),
  ];
}

export function jsonHeaders(e: Endpoint): Record<string, string> {
  return { ...e.headers, 'content-type': 'application/json' };
}

/** Routes no app has: the same 404 in the project's shape. */
export function unknownRoutes(): HostileCase[] {
  return (
    [
      ['GET', '/'],
      ['GET', '/nope'],
      ['POST', '/nope'],
      ['GET', '/v2/charges'],
      ['GET', '/%00'],
      ['GET', `/${'x'.repeat(4000)}`],
      ['OPTIONS', '/'],
      ['TRACE', '/'],
      ['GET', '/.env'],
      ['GET', '/..%2f..%2f..%2fetc%2fpasswd'],
      ['PROPFIND', '/'],
    ]
      .map(([method, path]): HostileCase => ({
        name: `${method} ${path.slice(0, 40)}`,
        method,
        path,
        expect: { refused: [404, 405] },
      }))
      // A path that does not decode is a 400 before any route is matched.
      .concat({
        name: 'GET /%ED%A0%80 (encoded lone surrogate)',
        method: 'GET',
        path: '/%ED%A0%80',
        expect: { refused: [400] },
      })
  );
}
