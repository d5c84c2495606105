import { AppProcess, freePort } from '@paystream/testing';

export interface RelayEnv {
  databaseUrl: string;
  brokers: string;
  extra?: Record<string, string>;
}

/** The relay as a real OS process (crashes and signals are what these tests are about). */
export async function startRelay(
  env: RelayEnv,
  waitFor: 'ready' | 'live' = 'live',
  /** Keep the log file after exit (the caller removes it); AppProcess deletes it on kill otherwise. */
  keepLog = false,
): Promise<AppProcess> {
  return AppProcess.start({
    app: 'outbox-relay',
    port: await freePort(),
    waitFor,
    keepLog,
    env: {
      DATABASE_URL: env.databaseUrl,
      KAFKA_BROKERS: env.brokers,
      KAFKA_PROVISION_ON_START: 'false',
      LOG_LEVEL: 'info',
      RELAY_STANDBY_POLL_MS: '300',
      RELAY_BACKOFF_MIN_MS: '100',
      RELAY_BACKOFF_MAX_MS: '1000',
      ...env.extra,
    },
  });
}

/** Parsed JSON log lines saying the relay's role changed. */
export function roleChanges(relay: AppProcess): string[] {
  return relay.logs
    .map((line) => {
      try {
        return JSON.parse(line) as { role?: string; msg?: string };
      } catch {
        return {};
      }
    })
    .filter((l) => typeof l.role === 'string' && l.msg?.startsWith('outbox relay is now'))
    .map((l) => l.role as string);
}
