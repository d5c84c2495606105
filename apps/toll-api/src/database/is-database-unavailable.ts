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
const MESSAGE_HINTS = [
  /ECONNREFUSED/,
  /Connection terminated/i,
  /connection (?:closed|refused|ended)/i,
  /timeout exceeded when trying to connect/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  return anyInCauseChain(
    error,
    (e) => hasCode(e, NETWORK_CODES) || messageMatches(e, MESSAGE_HINTS),
  );
}
