import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { freePort } from '@paystream/testing';
import { AppModule } from '../../src/app.module';
import { TOLL_API_SERVICE_NAME, tollApiConfigSchema } from '../../src/config/toll-api.config';

export interface RunningTollApi {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** toll-api in this process, listening on a real port (no crash or signal is under test here). */
export async function startTollApi(env: Record<string, string>): Promise<RunningTollApi> {
  const port = await freePort();
  const config = loadConfig(TOLL_API_SERVICE_NAME, tollApiConfigSchema, {
    LOG_LEVEL: 'silent',
    ...env,
    PORT: String(port),
  });
  const app = await startHttpApp(AppModule.forRoot(config), {
    service: TOLL_API_SERVICE_NAME,
    port,
    handleSignals: false,
  });
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

let laneEventCounter = 0;

/** A fresh lane event id for the Idempotency-Key header. */
export function laneEventId(): string {
  laneEventCounter += 1;
  return `lane-evt-${Date.now().toString(36)}-${process.pid}-${laneEventCounter}`;
}

export const VALID_EXIT = {
  plazaId: 'PLZ-B',
  laneId: 'L3',
  plate: 'AB-123-CD',
  vehicleClass: 'car',
  cardToken: 'tok_visa',
  entryPlazaId: 'PLZ-A',
};

export async function postExit(
  url: string,
  body: unknown,
  idempotencyKey: string | null = laneEventId(),
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const res = await fetch(`${url}/toll/exits`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(idempotencyKey === null ? {} : { 'idempotency-key': idempotencyKey }),
      ...extraHeaders,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    headers: res.headers,
  };
}
