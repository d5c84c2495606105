/** The fields drivers put on their errors (pg, Prisma's adapter, Prisma itself). */
export interface DriverErrorFields {
  code?: unknown;
  originalCode?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
  /** Prisma's raw-query errors (P2010) carry the adapter's error here, not in `cause`. */
  meta?: { driverAdapterError?: unknown };
}

/**
 * True when `test` holds for the error or any error in its `cause` chain:
 * Prisma wraps the adapter's error, which wraps pg's, and the telling code can
 * sit at any level (a raw query's adapter error hangs off
 * `meta.driverAdapterError`). Cycles are followed once.
 */
export function anyInCauseChain(error: unknown, test: (e: DriverErrorFields) => boolean): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as DriverErrorFields;
    if (test(e)) return true;
    pending.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}

/** The error's code or the driver's original code, when either is a string in `codes`. */
export function hasCode(e: DriverErrorFields, codes: ReadonlySet<string>): boolean {
  return (
    (typeof e.code === 'string' && codes.has(e.code)) ||
    (typeof e.originalCode === 'string' && codes.has(e.originalCode))
  );
}

/** The error's message matches one of `hints`. */
export function messageMatches(e: DriverErrorFields, hints: readonly RegExp[]): boolean {
  return typeof e.message === 'string' && hints.some((re) => re.test(e.message as string));
}
