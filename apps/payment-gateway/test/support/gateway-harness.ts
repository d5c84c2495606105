import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@paystream/config';
import { ADMIN_TOKEN_HEADER, GatewayFaults } from '@paystream/contracts';
import { createPrismaClient, PrismaClient } from '@paystream/db';
import { startHttpApp } from '@paystream/http';
import { createTestDatabase, freePort, TestDatabase } from '@paystream/testing';
import { AppModule } from '../../src/app.module';
import { GATEWAY_SERVICE_NAME, gatewayConfigSchema } from '../../src/config/gateway.config';
import { GATEWAY_OPENAPI } from '../../src/openapi/gateway-openapi';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface GatewayHarness {
  url: string;
  /** The gateway's database (tests that need a raw connection, e.g. to hold a lock). */
  databaseUrl: string;
  prisma: PrismaClient;
  charge(
    body: unknown,
    key?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }>;
  setFaults(faults: Partial<GatewayFaults>): Promise<void>;
  stop(): Promise<void>;
}

/** The gateway as a Nest app on a real port, over a fresh migrated database. */
export async function startGateway(env: Record<string, string> = {}): Promise<GatewayHarness> {
  const db: TestDatabase = await createTestDatabase();
  const port = await freePort();
  const config = loadConfig(GATEWAY_SERVICE_NAME, gatewayConfigSchema, {
    DATABASE_URL: db.url,
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    PORT: String(port),
    // Long enough that a slow machine still sees the held request in flight.
    HOLD_MAX_MS: '10000',
    ...env,
  });
  let app: INestApplication | undefined;
  try {
    app = await startHttpApp(AppModule.forRoot(config), {
      service: GATEWAY_SERVICE_NAME,
      port,
      handleSignals: false,
      openApi: GATEWAY_OPENAPI,
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const prisma = createPrismaClient(db.url);
  return {
    url,
    databaseUrl: db.url,
    prisma,
    async charge(body, key) {
      const res = await fetch(`${url}/v1/charges`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
        body: JSON.stringify(body),
      });
      return {
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
        headers: res.headers,
      };
    },
    async setFaults(faults) {
      const res = await fetch(`${url}/admin/faults`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN },
        body: JSON.stringify(faults),
      });
      if (res.status !== 200) throw new Error(`PUT /admin/faults answered ${res.status}`);
    },
    async stop() {
      await app?.close();
      await prisma.$disconnect();
      await db.drop();
    },
  };
}
