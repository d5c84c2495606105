import { AppProcess, freePort } from '@paystream/testing';
import type { ScenarioContext } from './scenario';

/**
 * Log level of every app under load: 'warn' keeps per-request info logs out
 * of the numbers (the baselines log nothing either). Recorded in settings.
 */
export const BENCH_APP_LOG_LEVEL = 'warn';

/** Starts a Paystream app as its own process (compiled, unless --apps-from source) and puts it under memory watch. */
export async function startBenchApp(
  { memory, infra }: Pick<ScenarioContext, 'memory' | 'infra'>,
  app: string,
  env: Record<string, string>,
  label = app,
): Promise<AppProcess> {
  const port = await freePort();
  const proc = await AppProcess.start({
    app,
    port,
    env: { LOG_LEVEL: BENCH_APP_LOG_LEVEL, NODE_ENV: 'production', ...env },
    timeoutMs: 120_000,
    buildDir: await infra.appBuildDir(),
  });
  const pid = proc.pid;
  memory.watch(
    { name: label, kind: 'app', pids: () => (pid && !proc.hasExited ? [pid] : []) },
    { ownedByScenario: true },
  );
  return proc;
}

/** Stops apps in parallel; a non-zero exit is logged (a crash would be a finding, not noise). */
export async function stopBenchApps(
  apps: Array<AppProcess | undefined>,
  log: (l: string) => void,
): Promise<void> {
  await Promise.all(
    apps.map(async (a) => {
      if (!a) return;
      const code = await a.kill('SIGTERM', 10_000);
      if (code !== 0 && code !== null)
        log(`${a.options.app} exited with code ${code}: ${a.logs.slice(-5).join(' | ')}`);
    }),
  );
}
