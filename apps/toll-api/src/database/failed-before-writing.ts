import { anyInCauseChain, hasCode, messageMatches } from './error-cause-chain';

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
]);
const NEVER_CONNECTED_HINTS = [/ECONNREFUSED/, /timeout exceeded when trying to connect/i];

export function failedBeforeWriting(error: unknown): boolean {
  return anyInCauseChain(
    error,
    (e) => hasCode(e, NEVER_CONNECTED_CODES) || messageMatches(e, NEVER_CONNECTED_HINTS),
  );
}
