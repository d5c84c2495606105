/**
 * Failures that happen before a transaction could send anything: no
 * connection could be opened or taken from the pool. Only these prove that
 * nothing was written; a connection lost later (even during COMMIT) leaves
 * the outcome unknown.
 */
const NEVER_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENOTFOUND',
  // cannot connect now / too many connections: refused at start-up
  '57P03',
  '53300',
  // Prisma: can't reach the server / pool timeout / could not start the transaction in time
  'P1001',
  'P2024',
  'P2028',
]);
const NEVER_CONNECTED_HINTS = [
  /ECONNREFUSED/,
  /Can't reach database/i,
  /timeout exceeded when trying to connect/i,
];

export function failedBeforeWriting(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as {
      code?: unknown;
      originalCode?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof e.code === 'string' && NEVER_CONNECTED_CODES.has(e.code)) return true;
    if (typeof e.originalCode === 'string' && NEVER_CONNECTED_CODES.has(e.originalCode))
      return true;
    if (
      typeof e.message === 'string' &&
      NEVER_CONNECTED_HINTS.some((re) => re.test(e.message as string))
    )
      return true;
    queue.push(e.cause);
  }
  return false;
}
