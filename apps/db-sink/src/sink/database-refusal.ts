/** Why Postgres refused a statement because of the data in it (not because it is unreachable). */
export interface DatabaseRefusal {
  /** SQLSTATE, e.g. 22P02 (invalid text representation), 23514 (check violation) */
  sqlState: string;
  message: string;
}

/**
 * SQLSTATE classes that blame the data: 22 (data exception: bad uuid, out of
 * range, NUL in text) and 23 (integrity constraint violation). Retrying such
 * a statement gives the same answer forever, so the sink isolates the record
 * and dead-letters it. Everything else — connection lost, server shutting
 * down, timeouts, lock conflicts, even a bug — is NOT a refusal: the
 * partition pauses and retries, because dead-lettering healthy results
 * during an outage would lose them from the normal path.
 */
const DATA_CLASSES = new Set(['22', '23']);

interface DriverCause {
  originalCode?: unknown;
  code?: unknown;
  originalMessage?: unknown;
  message?: unknown;
}

export function databaseRefusal(error: unknown): DatabaseRefusal | undefined {
  // Prisma 7 with @prisma/adapter-pg: PrismaClientKnownRequestError (P2010 for raw queries) whose
  // meta.driverAdapterError.cause carries Postgres' SQLSTATE; pg's own errors carry it as `code`.
  const meta = (error as { meta?: { driverAdapterError?: { cause?: DriverCause } } } | null)?.meta;
  const cause: DriverCause | undefined =
    meta?.driverAdapterError?.cause ?? (error as DriverCause | null) ?? undefined;
  const code = [cause?.originalCode, cause?.code].find(
    (c): c is string => typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c),
  );
  if (code === undefined || !DATA_CLASSES.has(code.slice(0, 2))) return undefined;
  const message =
    [cause?.originalMessage, cause?.message].find((m): m is string => typeof m === 'string') ??
    String(error);
  return { sqlState: code, message };
}
