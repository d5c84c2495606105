import fc from 'fast-check';
import { HostileRequest } from './hostile-request';

/** A request the endpoint accepts; the generators spoil copies of it. */
export interface ValidRequest {
  method: 'POST' | 'PUT';
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/** Characters that have broken text handling somewhere: NUL, lone surrogates, controls, quotes, escapes, non-BMP. */
const NASTY_CHAR = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\u0001',
  '\u001f',
  '\u007f',
  '\n',
  '\r',
  '\t',
  '"',
  '\\',
  '/',
  '%',
  '%00',
  '\u2028',
  '\ufeff',
  '\uffff',
  '😀',
  'é',
  ' ',
);
const ANY_CHAR = fc.oneof(
  NASTY_CHAR,
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);
/** Strings of any code points, lone surrogates and NULs included (fast-check's own units never produce half surrogates). */
export const nastyString = (maxLength = 40) =>
  fc.array(ANY_CHAR, { maxLength }).map((chars) => chars.join(''));

const EDGE_NUMBERS = fc.constantFrom(
  0,
  -0,
  -1,
  1,
  0.5,
  1.5,
  -1.5,
  99.99,
  100_000_000,
  100_000_001,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  1e21,
  -1e21,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
);

/** Any JSON value a client could send in place of a field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyString() },
  { weight: 2, arbitrary: EDGE_NUMBERS },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.string({ minLength: 200, maxLength: 2000 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyString(10), nastyString(10), { maxKeys: 4 }) },
);

/** What one mutation does to the request (applied in order, one to three at a time). */
type Mutation = (r: {
  path: string;
  headers: Record<string, string | string[]>;
  body: Record<string, unknown>;
  raw?: string | Buffer;
}) => void;

function stringMutation(fields: string[]): fc.Arbitrary<Mutation> {
  return fc
    .tuple(
      fc.constantFrom(...fields),
      fc.nat(),
      fc.constantFrom('insert', 'replace-char', 'truncate', 'repeat', 'case'),
      ANY_CHAR,
    )
    .map(([field, at, how, ch]): Mutation => (r) => {
      const value = r.body[field];
      if (typeof value !== 'string') return;
      const i = value.length === 0 ? 0 : at % value.length;
      r.body[field] =
        how === 'insert'
          ? value.slice(0, i) + ch + value.slice(i)
          : how === 'replace-char'
            ? value.slice(0, i) + ch + value.slice(i + 1)
            : how === 'truncate'
              ? value.slice(0, i)
              : how === 'repeat'
                ? value.repeat(2 + (at % 200))
                : value === value.toUpperCase()
                  ? value.toLowerCase()
                  : value.toUpperCase();
    });
}

/** Bytes of the serialized body spoiled: the JSON itself becomes malformed (or, by chance, still valid). */
const rawMutation: fc.Arbitrary<Mutation> = fc
  .tuple(
    fc.constantFrom('truncate', 'insert', 'delete', 'byte'),
    fc.nat(),
    ANY_CHAR,
    fc.integer({ min: 0, max: 255 }),
  )
  .map(([how, at, ch, byte]): Mutation => (r) => {
    const text = JSON.stringify(r.body);
    const i = at % (text.length + 1);
    if (how === 'byte') {
      const bytes = Buffer.from(text);
      r.raw = Buffer.concat([bytes.subarray(0, i), Buffer.from([byte]), bytes.subarray(i)]);
      return;
    }
    r.raw =
      how === 'truncate'
        ? text.slice(0, i)
        : how === 'insert'
          ? text.slice(0, i) + ch + text.slice(i)
          : text.slice(0, i) + text.slice(i + 1);
  });

/** Header values Node's client will send (tab, printable ASCII, Latin-1), hostile otherwise. */
const headerValue = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      ...[9, ...Array.from({ length: 95 }, (_, i) => i + 32), 0xe9, 0xff].map((c) =>
        String.fromCharCode(c),
      ),
    ),
    maxLength: 300,
  }),
  fc.constantFrom(
    '',
    ' ',
    'a',
    'k'.repeat(300),
    'k'.repeat(5000),
    '%00',
    'null',
    'undefined',
    '../../etc/passwd',
  ),
);
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/xml',
  'multipart/form-data',
  '*/*',
  'application/json; boundary=x',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  '',
];

/** Mutations of a valid request: fields replaced, removed, added, strings spoiled, raw JSON broken, headers and query spoiled. */
export function mutatedRequests(
  valid: ValidRequest,
  options: { queryParams?: Record<string, string[]> } = {},
): fc.Arbitrary<{ request: HostileRequest; label: string }> {
  const fields = Object.keys(valid.body);
  const stringFields = fields.filter((f) => typeof valid.body[f] === 'string');
  const mutation: fc.Arbitrary<[string, Mutation]> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.constantFrom(...fields), hostileValue)
        .map(([f, v]): [string, Mutation] => [`${f}=${short(v)}`, (r) => void (r.body[f] = v)]),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...fields)
        .map((f): [string, Mutation] => [`-${f}`, (r) => void delete r.body[f]]),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.oneof(
            nastyString(12),
            fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ''),
          ),
          hostileValue,
        )
        .map(([k, v]): [string, Mutation] => [
          `+${short(k)}`,
          (r) =>
            void Object.defineProperty(r.body, k, {
              value: v,
              enumerable: true,
              writable: true,
              configurable: true,
            }),
        ]),
    },
    ...(stringFields.length > 0
      ? [
          {
            weight: 4,
            arbitrary: stringMutation(stringFields).map((m): [string, Mutation] => [
              'string-edit',
              m,
            ]),
          },
        ]
      : []),
    { weight: 2, arbitrary: rawMutation.map((m): [string, Mutation] => ['raw-json', m]) },
    {
      weight: 1,
      arbitrary: fc
        .jsonValue({ maxDepth: 4 })
        .map((v): [string, Mutation] => [
          `body=${short(v)}`,
          (r) => void (r.raw = JSON.stringify(v) ?? ''),
        ]),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...Object.keys(valid.headers)),
          fc.option(
            fc.oneof(
              headerValue,
              fc.tuple(headerValue, headerValue).map((p) => [...p]),
            ),
            { nil: undefined },
          ),
        )
        .map(([h, v]): [string, Mutation] => [
          `${h}:${short(v)}`,
          (r) => void (v === undefined ? delete r.headers[h] : (r.headers[h] = v)),
        ]),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...CONTENT_TYPES)
        .map((t): [string, Mutation] => [
          `content-type:${t}`,
          (r) =>
            void (t === '' ? delete r.headers['content-type'] : (r.headers['content-type'] = t)),
        ]),
    },
    ...Object.entries(options.queryParams ?? {}).map(([param, values]) => ({
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.constantFrom(...values),
          nastyString(10).map(encodeURIComponentLoose),
          fc.constantFrom(`${values[0]}&${param}=${values[0]}`, '%E0%A4%A', '%00'),
        )
        .map((v): [string, Mutation] => [
          `?${param}=${short(v)}`,
          (r) => void (r.path = `${r.path.split('?')[0]}?${param}=${v}`),
        ]),
    })),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => {
    const r: Parameters<Mutation>[0] = {
      path: valid.path,
      headers: { 'content-type': 'application/json', ...valid.headers },
      body: structuredClone(valid.body),
    };
    for (const [, m] of ms) m(r);
    return {
      request: {
        method: valid.method,
        path: r.path,
        headers: r.headers,
        body: r.raw ?? JSON.stringify(r.body),
      },
      label: ms.map(([l]) => l).join(' '),
    };
  });
}

/** encodeURIComponent that tolerates lone surrogates (it throws on them): those go out as raw %ED%A0%80-style bytes. */
function encodeURIComponentLoose(s: string): string {
  return [...s]
    .map((ch) => {
      try {
        return encodeURIComponent(ch);
      } catch {
        return Buffer.from(ch, 'latin1').toString('hex').replace(/(..)/g, '%$1');
      }
    })
    .join('');
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
