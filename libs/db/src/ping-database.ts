/** Anything that can run a raw query: a Prisma client (PrismaService too), or a pg Pool or client. */
export type RawQueryable =
  { $queryRawUnsafe(query: string): Promise<unknown> } | { query(text: string): Promise<unknown> };

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
      '$queryRawUnsafe' in prisma ? prisma.$queryRawUnsafe('SELECT 1') : prisma.query('SELECT 1'),
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
