import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@paystream/config';
import { ADMIN_TOKEN_HEADER, GatewayFaults } from '@paystream/contracts';
import { createPrismaClient, DatabasePool, PrismaClient } from '@paystream/db';
import { startHttpApp } from '@paystream/http';
import {
  AppProcess,
  createTestDatabase,
  freePort,
  PoolStatements,
  randomName,
  recordPoolStatements,
  TestDatabase,
} from '@paystream/testing';
import { Redis } from 'ioredis';
import { AppModule } from '../../src/app.module';
import { POS_SERVICE_NAME, posConfigSchema } from '../../src/config/pos.config';
import { POS_OPENAPI } from '../../src/openapi/pos-openapi';

const ADMIN_TOKEN = 'till-test-admin-token-0123456789';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

export interface TillHarness {
  tillUrl: string;
  gatewayUrl: string;
  /** BullMQ prefix of this till (tests put jobs on its queue directly). */
  queuePrefix: string;
  redisUrl: string;
  prisma: PrismaClient;
  pay(
    body: unknown,
    options?: { key?: string; query?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<HttpAnswer>;
  setFaults(faults: Partial<GatewayFaults>): Promise<void>;
  /** POST /v1/charges requests the gateway has received (its own counter). */
  gatewayChargeRequests(): Promise<number>;
  metric(name: string, labels?: string): Promise<number | undefined>;
  /** Records every statement the till sends to its database until `restore()`. */
  recordTillStatements(): PoolStatements;
  stop(): Promise<void>;
}

/**
 * A real gateway process on its own port, the till as a Nest app on a real
 * port, one fresh database (each app uses its own tables), a random BullMQ prefix.
 */
export async function startTill(
  env: {
    gateway?: Record<string, string>;
    till?: Record<string, string>;
    /** Puts something (e.g. a proxy) between the till and the gateway: gets the gateway's URL, returns the one the till uses. */
    gatewayUrlForTill?: (gatewayUrl: string) => Promise<string>;
  } = {},
): Promise<TillHarness> {
  const db: TestDatabase = await createTestDatabase();
  const prefix = randomName('pos-test');
  let gateway: AppProcess | undefined;
  let till: INestApplication | undefined;
  try {
    gateway = await AppProcess.start({
      app: 'payment-gateway',
      port: await freePort(),
      env: {
        DATABASE_URL: db.url,
        ADMIN_TOKEN,
        LOG_LEVEL: 'warn',
        HOLD_MAX_MS: '4000',
        ...env.gateway,
      },
    });
    // Warm-up: the gateway's first charge pays for lazy compilation and the first DB connection,
    // which would otherwise eat the till's deadline in whichever test comes first.
    await fetch(`${gateway.url}/v1/charges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomName('warm-up') },
      body: JSON.stringify({
        amount: 1,
        currency: 'EUR',
        cardToken: 'tok_visa',
        reference: 'warm-up',
      }),
    });
    const port = await freePort();
    const config = loadConfig(POS_SERVICE_NAME, posConfigSchema, {
      DATABASE_URL: db.url,
      REDIS_URL,
      GATEWAY_URL: env.gatewayUrlForTill ? await env.gatewayUrlForTill(gateway.url) : gateway.url,
      LOG_LEVEL: 'silent',
      QUEUE_PREFIX: prefix,
      RESOLUTION_SWEEP_INTERVAL_MS: '1000',
      ...env.till,
    });
    till = await startHttpApp(AppModule.forRoot(config), {
      service: POS_SERVICE_NAME,
      port,
      handleSignals: false,
      openApi: POS_OPENAPI,
    });
    const tillUrl = `http://127.0.0.1:${port}`;
    const gatewayUrl = gateway.url;
    const prisma = createPrismaClient(db.url);
    const metricsText = async (url: string) => (await fetch(`${url}/metrics`)).text();
    const harness: TillHarness = {
      tillUrl,
      gatewayUrl,
      queuePrefix: prefix,
      redisUrl: config.REDIS_URL,
      prisma,
      async pay(body, options = {}) {
        const res = await fetch(`${tillUrl}/pos/payments${options.query ?? ''}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.key ? { 'idempotency-key': options.key } : {}),
            ...options.headers,
          },
          body: options.raw ?? JSON.stringify(body),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      },
      async setFaults(faults) {
        const res = await fetch(`${gatewayUrl}/admin/faults`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', [ADMIN_TOKEN_HEADER]: ADMIN_TOKEN },
          body: JSON.stringify(faults),
        });
        if (res.status !== 200) throw new Error(`PUT /admin/faults answered ${res.status}`);
      },
      async gatewayChargeRequests() {
        return readMetric(await metricsText(gatewayUrl), 'gateway_charge_requests_total') ?? 0;
      },
      async metric(name, labels) {
        return readMetric(await metricsText(tillUrl), name, labels);
      },
      recordTillStatements() {
        return recordPoolStatements((till as INestApplication).get(DatabasePool).pool);
      },
      async stop() {
        await till?.close();
        await gateway?.kill('SIGTERM');
        await prisma.$disconnect();
        await clearQueue(prefix);
        await db.drop();
      },
    };
    return harness;
  } catch (error) {
    await till?.close().catch(() => undefined);
    await gateway?.kill('SIGKILL');
    await clearQueue(prefix);
    await db.drop();
    throw error;
  }
}

function readMetric(text: string, name: string, labels?: string): number | undefined {
  const line = text
    .split('\n')
    .find((l) =>
      l.startsWith(`${name}{`) || l.startsWith(`${name} `) ? !labels || l.includes(labels) : false,
    );
  return line ? Number(line.trim().split(/\s+/).at(-1)) : undefined;
}

async function clearQueue(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export function tillBody(cardToken = 'tok_visa', amount = 1999): Record<string, unknown> {
  return { storeId: 'store-1', terminalId: 'till-7', amount, currency: 'EUR', cardToken };
}
