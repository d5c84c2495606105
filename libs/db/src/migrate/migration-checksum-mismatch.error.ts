/** An applied migration's migration.sql was edited after it was applied. */
export class MigrationChecksumMismatchError extends Error {
  constructor(
    readonly migrationName: string,
    readonly appliedChecksum: string,
    readonly localChecksum: string,
  ) {
    super(
      `Migration ${migrationName} was modified after it was applied ` +
        `(applied checksum ${appliedChecksum}, file now ${localChecksum}). ` +
        'Never edit an applied migration: restore the file and add a new migration.',
    );
    this.name = 'MigrationChecksumMismatchError';
  }
}
