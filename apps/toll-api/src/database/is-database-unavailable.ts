import { anyInCauseChain, hasCode, messageMatches } from './error-cause-chain';

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
  return anyInCauseChain(
    error,
    (e) =>
      hasCode(e, NETWORK_CODES) ||
      hasCode(e, PRISMA_CODES) ||
      e.kind === 'DatabaseNotReachable' ||
      e.kind === 'ConnectionClosed' ||
      messageMatches(e, MESSAGE_HINTS),
  );
}
