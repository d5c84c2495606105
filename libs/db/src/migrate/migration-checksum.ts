import { createHash } from 'node:crypto';

/** sha256 hex of the migration.sql bytes: the value Prisma stores in `_prisma_migrations.checksum`. */
export function migrationChecksum(script: string | Buffer): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Whether a script matches a stored checksum, tolerating CRLF/LF conversion
 * the way Prisma's schema engine does (git may rewrite line endings on checkout).
 */
export function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const candidates = [script, script.replace(/\r\n/g, '\n'), script.replace(/\r?\n/g, '\r\n')];
  return candidates.some((candidate) => migrationChecksum(candidate) === checksum);
}
