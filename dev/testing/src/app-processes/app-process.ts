import { spawnSupervised, SupervisedProcess } from '@paystream/dev-infra';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { waitUntil } from '../wait/wait-until';
import { APP_HEAP_FLAGS } from './app-heap-flags';
import { compiledMain } from './compiled-apps';
import { REPO_ROOT } from './repo-root';

/** Lines of log kept in view for assertions and failure messages. */
const LOG_TAIL_LINES = 5_000;
/**
 * Extra Node flags for every app process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
 * to profile apps under the benchmark (Node refuses --cpu-prof in NODE_OPTIONS).
 */
export const APP_NODE_ARGS_ENV = 'PAYSTREAM_APP_NODE_ARGS';

export interface AppProcessOptions {
  /** Folder name under apps/, e.g. 'toll-api'. */
  app: string;
  env: Record<string, string>;
  /** Port the app listens on (for the readiness probe). */
  port: number;
  /** Wait for /health/ready (default) or only /health/live. */
  waitFor?: 'ready' | 'live' | 'none';
  timeoutMs?: number;
  /** Keep the log file after the process stops (the demo copies it into its results). */
  keepLog?: boolean;
  /** Debugging: copy the app's log to this process's stderr when it stops. */
  echoLogs?: boolean;
  /**
   * Run the compiled app from this build (buildApps / `npm run build`), as the
   * Docker images do. Default: the TypeScript source through @swc-node/register.
   */
  buildDir?: string;
}

/**
 * A Paystream app running as its own OS process, exactly as in production
 * (own event loop, own signals), so tests can SIGKILL or SIGTERM it. It is
 * supervised: if the test runner itself dies, a watchdog stops the app, so no
 * process outlives the run.
 */
export class AppProcess {
  private readonly logDir: string;
  readonly logFile: string;

  private constructor(
    readonly options: AppProcessOptions,
    private readonly supervised: SupervisedProcess,
    logDir: string,
  ) {
    this.logDir = logDir;
    this.logFile = path.join(logDir, `${options.app}.log`);
  }

  static async start(options: AppProcessOptions): Promise<AppProcess> {
    const entry = options.buildDir
      ? [compiledMain(options.buildDir, options.app)]
      : ['-r', '@swc-node/register', path.join('apps', options.app, 'src', 'main.ts')];
    if (options.buildDir && !existsSync(entry[0])) {
      throw new Error(
        `${entry[0]} does not exist: build the apps first (npm run build, or buildApps())`,
      );
    }
    const logDir = mkdtempSync(path.join(tmpdir(), `paystream-${options.app}-`));
    const supervised = spawnSupervised(process.execPath, {
      args: [
        ...APP_HEAP_FLAGS,
        ...(process.env[APP_NODE_ARGS_ENV]?.split(/\s+/).filter(Boolean) ?? []),
        ...entry,
      ],
      cwd: REPO_ROOT,
      env: { ...process.env, NODE_ENV: 'test', ...options.env, PORT: String(options.port) },
      logFile: path.join(logDir, `${options.app}.log`),
      stopGraceMs: 15_000,
      // The watchdog removes this only if the runner itself dies (nobody is left to read it);
      // keepLog is about kill(): a killed app's log stays for its report.
      cleanupPaths: [logDir],
    });
    const app = new AppProcess(options, supervised, logDir);
    liveProcesses.add(app);
    void supervised.exited.then(() => liveProcesses.delete(app));
    const waitFor = options.waitFor ?? 'ready';
    if (waitFor !== 'none') {
      try {
        await waitUntil(
          async () => {
            if (app.hasExited) throw new Error(`${options.app} exited during start-up`);
            const res = await fetch(`${app.url}/health/${waitFor}`).catch(() => undefined);
            return res?.ok === true;
          },
          {
            timeoutMs: options.timeoutMs ?? 90_000,
            intervalMs: 200,
            description: `${options.app} ${waitFor}`,
          },
        );
      } catch (error) {
        const tail = app.logs.slice(-30).join('\n');
        await app.kill('SIGKILL');
        throw new Error(`${(error as Error).message}\n--- ${options.app} log tail ---\n${tail}`, {
          cause: error,
        });
      }
    }
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number {
    return this.supervised.pid;
  }

  get child() {
    return this.supervised.child;
  }

  get hasExited(): boolean {
    return !this.supervised.isRunning();
  }

  /** The app's log lines so far (JSON lines from pino), newest last. */
  get logs(): string[] {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').filter(Boolean).slice(-LOG_TAIL_LINES);
    } catch {
      return [];
    }
  }

  /** Sends a signal and waits for the process to exit (SIGKILL after graceMs). */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<number | null> {
    const info = await this.supervised.stop({ signal, graceMs });
    if (this.options.echoLogs) {
      process.stderr.write(this.logs.map((l) => `[${this.options.app}] ${l}\n`).join(''));
    }
    if (!this.options.keepLog) rmSync(this.logDir, { recursive: true, force: true });
    return info.code;
  }

  /** Stops every app process still running (for afterAll/afterEach). */
  static async stopAll(): Promise<void> {
    await Promise.all([...liveProcesses].map((p) => p.kill('SIGTERM', 5_000)));
  }
}

const liveProcesses = new Set<AppProcess>();
