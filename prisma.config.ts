// Prisma 7 reads the datasource URL and the migrations folder from here (the
// schema no longer carries `url`). Prisma 7 does not load .env by itself.
// `prisma generate` needs no database; migrate/db commands use DATABASE_URL,
// defaulting to the local development Postgres.
import { defineConfig } from 'prisma/config';

export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL },
});
