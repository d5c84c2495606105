/**
 * `_prisma_migrations` holds a started-but-unfinished migration (Prisma's P3009),
 * e.g. left by a `prisma migrate deploy` that failed half-way. Someone must look
 * at the database and resolve it (`prisma migrate resolve --rolled-back <name>`,
 * or set rolled_back_at on that row) before anything else is applied.
 */
export class FailedMigrationFoundError extends Error {
  constructor(
    readonly migrationName: string,
    readonly logs: string | null,
  ) {
    super(
      `Migration ${migrationName} failed earlier and is not resolved; refusing to apply more. ` +
        `Resolve it first (prisma migrate resolve --rolled-back ${migrationName}).` +
        (logs ? `\nIts log: ${logs}` : ''),
    );
    this.name = 'FailedMigrationFoundError';
  }
}
