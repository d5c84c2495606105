/** Requests broken below HTTP's semantics, which Node's parser refuses before any route runs. */
export interface RawCase {
  name: string;
  bytes: Buffer;
  refused: readonly number[];
}

export function rawCases(path: string): RawCase[] {
  const req = (text: string) => Buffer.from(text, 'latin1');
  return [
    {
      name: 'NUL in the request target',
      bytes: req(`GET ${path}\u0000x HTTP/1.1\r\nHost: x\r\n\r\n`),
      refused: [400],
    },
    {
      name: 'NUL in a header value',
      bytes: req(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Thing: a\u0000b\r\n\r\n`),
      refused: [400],
    },
    {
      name: 'a bare CR in a header value',
      bytes: req(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Thing: a\rb\r\n\r\n`),
      refused: [400],
    },
    {
      name: 'a header name with a space',
      bytes: req(`GET ${path} HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n`),
      refused: [400],
    },
    {
      name: 'headers over the size limit (64 KB)',
      bytes: req(`GET ${path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`),
      refused: [400, 431],
    },
    { name: 'a garbage request line', bytes: req('HELLO THERE\r\n\r\n'), refused: [400] },
    {
      name: 'an unknown HTTP version',
      bytes: req(`GET ${path} HTTP/9.9\r\nHost: x\r\n\r\n`),
      refused: [400, 505],
    },
    {
      name: 'both Content-Length and chunked',
      bytes: req(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
      ),
      refused: [400],
    },
    {
      name: 'a negative Content-Length',
      bytes: req(
        `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}`,
      ),
      refused: [400],
    },
  ];
}

/** rawCases as rows of `it.each` ('%s' names the case). */
export function rawCaseRows(path: string): Array<readonly [string, RawCase]> {
  return rawCases(path).map((c) => [c.name, c] as const);
}
