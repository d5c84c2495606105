import { isPortFree } from '@paystream/dev-infra';
import { AppProcess, freePort } from '@paystream/testing';
import type { DemoSystem } from './system';

/** The console's usual port, used when free. */
export const CONSOLE_PORT = 3600;

/**
 * Starts the console pointed at a running system (`npm start`, `npm run demo
 * -- --console`). It reads the apps' own settings (Redis, queue prefixes)
 * from the processes the launcher started, so the two never disagree.
 * `supervisorUrl`: npm start's worker/broker controls (absent in the demo).
 */
export async function startConsoleFor(
  system: DemoSystem,
  supervisorUrl?: string,
): Promise<AppProcess> {
  const envOf = (app: string) => system.apps.find((a) => a.options.app === app)?.options.env ?? {};
  const urlsOf = (app: string) =>
    system.apps
      .filter((a) => a.options.app === app)
      .map((a) => a.url)
      .join(',');
  const port = (await isPortFree(CONSOLE_PORT)) ? CONSOLE_PORT : await freePort();
  return AppProcess.start({
    app: 'console',
    port,
    env: {
      LOG_LEVEL: 'info',
      DATABASE_URL: system.databaseUrl,
      KAFKA_BROKERS: system.kafkaBrokers.join(','),
      REDIS_URL: envOf('pos-api').REDIS_URL,
      GATEWAY_URL: system.urls.gateway,
      POS_URL: system.urls.pos,
      TOLL_URL: system.urls.toll,
      RELAY_URLS: urlsOf('outbox-relay'),
      WORKER_URLS: urlsOf('charge-worker'),
      SINK_URL: urlsOf('db-sink'),
      GATEWAY_ADMIN_TOKEN: system.adminToken,
      ...(supervisorUrl ? { SUPERVISOR_URL: supervisorUrl } : {}),
      POS_QUEUE_PREFIX: envOf('pos-api').QUEUE_PREFIX,
      RETRY_QUEUE_PREFIX: envOf('charge-worker').RETRY_QUEUE_PREFIX,
    },
  });
}
