/** Connection-level failures (not query errors): the database cannot be reached or dropped us. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P03',
  '53300',
  // statement_timeout: the database is too slow to answer now
  '57014',
]);
/**
 * Prisma's codes for "can't reach / timed out / pool exhausted / connection
 * closed / could not start a transaction in time" — all mean "try again
 * later" (503), not a bug in the request (500).
 */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024', 'P2028']);
const MESSAGE_HINTS = [
  /ECONNREFUSED/,
  /Connection terminated/i,
  /connection (?:closed|refused|ended)/i,
  /Can't reach database/i,
  /timeout exceeded when trying to connect/i,
  /DatabaseNotReachable/,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      kind?: unknown;
      originalCode?: unknown;
    };
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || PRISMA_CODES.has(e.code)))
      return true;
    if (typeof e.originalCode === 'string' && NETWORK_CODES.has(e.originalCode)) return true;
    if (e.kind === 'DatabaseNotReachable' || e.kind === 'ConnectionClosed') return true;
    if (typeof e.message === 'string' && MESSAGE_HINTS.some((re) => re.test(e.message as string)))
      return true;
    queue.push(e.cause);
  }
  return false;
}
