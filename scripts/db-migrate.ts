/**
 * npm run db:migrate — applies prisma/migrations to DATABASE_URL without
 * Prisma's schema engine (see libs/db/README.md), recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` would.
 *
 *   DATABASE_URL=postgresql://… npm run db:migrate
 */
import { applyMigrations } from '../libs/db/src/migrate';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const target = new URL(databaseUrl);
  console.log(`db:migrate → ${target.host}${target.pathname}`);
  const result = await applyMigrations(databaseUrl, { log: (line) => console.log(`  ${line}`) });
  console.log(
    `db:migrate done: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
  );
}

main().catch((error: unknown) => {
  console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
