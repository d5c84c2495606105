import { anyInCauseChain, hasCode } from './error-cause-chain';

/**
 * "Unique constraint failed", however it is reported: Prisma's P2002 (model
 * queries) or, for a raw statement (P2010), the adapter's
 * UniqueConstraintViolation with Postgres's 23505.
 */
const UNIQUE_VIOLATION_CODES = new Set(['P2002', '23505']);

export function isUniqueViolation(error: unknown): boolean {
  return anyInCauseChain(
    error,
    (e) => hasCode(e, UNIQUE_VIOLATION_CODES) || e.kind === 'UniqueConstraintViolation',
  );
}
