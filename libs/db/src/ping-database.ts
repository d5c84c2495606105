/** Anything that can run a raw query: PrismaService, a PrismaClient, a transaction client. */
export interface RawQueryable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export type DatabasePing =
  { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };

/**
 * Readiness check: `SELECT 1` within `timeoutMs`. Never throws; a health
 * endpoint reports `ok` and, when down, the error.
 */
export async function pingDatabase(prisma: RawQueryable, timeoutMs = 2_000): Promise<DatabasePing> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      prisma.$queryRawUnsafe('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return {
      ok: false,
      latencyMs: Date.now() - started,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
