import { createPgAdapter } from './create-pg-adapter';
import { PrismaClient } from './generated/prisma/client';

/**
 * A Prisma client for code outside NestJS (scripts, tests, the demo's checks).
 * The caller owns it: `await prisma.$disconnect()` when done.
 */
export function createPrismaClient(
  databaseUrl: string,
  options: { poolMax?: number } = {},
): PrismaClient {
  return new PrismaClient({ adapter: createPgAdapter(databaseUrl, { poolMax: options.poolMax }) });
}
