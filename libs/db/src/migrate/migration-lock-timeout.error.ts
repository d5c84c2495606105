/** Another migration runner (ours or Prisma's) held the advisory lock for too long. */
export class MigrationLockTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(
      `Timed out after ${timeoutMs} ms waiting for the migration advisory lock ` +
        '(pg_advisory_lock(72707369)): another migration runner is still working.',
    );
    this.name = 'MigrationLockTimeoutError';
  }
}
