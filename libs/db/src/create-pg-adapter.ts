import { PrismaPg } from '@prisma/adapter-pg';

/**
 * The driver adapter every Prisma client here uses (Prisma 7 is Rust-free: the
 * queries go through node-postgres, no engine binary). A `?schema=` parameter
 * is turned into the adapter's schema option, since pg itself ignores it.
 */
export function createPgAdapter(databaseUrl: string, poolMax?: number): PrismaPg {
  const url = new URL(databaseUrl);
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  return new PrismaPg(
    { connectionString: url.toString(), ...(poolMax ? { max: poolMax } : {}) },
    schema ? { schema } : undefined,
  );
}
