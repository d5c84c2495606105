import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { waitUntil } from '../wait/wait-until';

const REPO_ROOT = path.resolve(__dirname, '../../../..');

export interface AppProcessOptions {
  /** Folder name under apps/, e.g. 'toll-api'. */
  app: string;
  env: Record<string, string>;
  /** Port the app listens on (for the readiness probe). */
  port: number;
  /** Wait for /health/ready (default) or only /health/live. */
  waitFor?: 'ready' | 'live' | 'none';
  timeoutMs?: number;
  /** Print the app's log lines to this process's stderr (debugging). */
  echoLogs?: boolean;
}

/**
 * A Paystream app running as its own OS process, exactly as in production
 * (own event loop, own signals), so tests can SIGKILL or SIGTERM it.
 */
export class AppProcess {
  readonly logs: string[] = [];
  private exited = false;

  private constructor(
    readonly options: AppProcessOptions,
    readonly child: ChildProcess,
  ) {
    child.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(options: AppProcessOptions): Promise<AppProcess> {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join('apps', options.app, 'src', 'main.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, NODE_ENV: 'test', ...options.env, PORT: String(options.port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const app = new AppProcess(options, child);
    liveProcesses.add(app);
    child.once('exit', () => liveProcesses.delete(app));
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        app.logs.push(line);
        if (options.echoLogs) process.stderr.write(`[${options.app}] ${line}\n`);
      }
      if (app.logs.length > 5_000) app.logs.splice(0, app.logs.length - 5_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const waitFor = options.waitFor ?? 'ready';
    if (waitFor !== 'none') {
      try {
        await waitUntil(
          async () => {
            if (app.exited) throw new Error(`${options.app} exited during start-up`);
            const res = await fetch(`${app.url}/health/${waitFor}`).catch(() => undefined);
            return res?.ok === true;
          },
          { timeoutMs: options.timeoutMs ?? 60_000, intervalMs: 200, description: `${options.app} ${waitFor}` },
        );
      } catch (error) {
        await app.kill('SIGKILL');
        throw new Error(
          `${(error as Error).message}\n--- ${options.app} log tail ---\n${app.logs.slice(-30).join('\n')}`,
          { cause: error },
        );
      }
    }
    return app;
  }

  get url(): string {
    return `http://127.0.0.1:${this.options.port}`;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exited;
  }

  /** Sends a signal and waits for the process to exit (SIGKILL after graceMs). */
  async kill(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<number | null> {
    if (this.exited) return this.child.exitCode;
    const exit = once(this.child, 'exit');
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    try {
      const [code] = (await exit) as [number | null];
      return code;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Stops every app process still running (for afterAll/afterEach). */
  static async stopAll(): Promise<void> {
    await Promise.all([...liveProcesses].map((p) => p.kill('SIGTERM', 5_000)));
  }
}

const liveProcesses = new Set<AppProcess>();
// A test worker that dies must not leave app processes behind.
process.once('exit', () => {
  for (const p of liveProcesses) p.child.kill('SIGKILL');
});
