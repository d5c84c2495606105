import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { freePort, waitUntil } from '@paystream/testing';
import type { MemorySampler } from './memory-sampler';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A bench-owned Node script (a baseline server) running as its own process, like the app it is compared with. */
export class ScriptProcess {
  private readonly output: string[] = [];

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (c: Buffer) => {
      this.output.push(c.toString('utf8'));
      if (this.output.length > 200) this.output.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(
    memory: MemorySampler,
    label: string,
    file: string,
    env: Record<string, string>,
  ): Promise<ScriptProcess> {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(REPO_ROOT, file)],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const proc = new ScriptProcess(child, port);
    try {
      await waitUntil(
        async () => {
          if (child.exitCode !== null) throw new Error(`${label} exited: ${proc.output.join('')}`);
          const res = await fetch(`${proc.url}/health`).catch(() => undefined);
          return res?.ok === true;
        },
        { timeoutMs: 60_000, intervalMs: 200, description: `${label} listening` },
      );
    } catch (error) {
      await proc.stop();
      throw error;
    }
    const pid = child.pid;
    memory.watch(
      { name: label, kind: 'tool', pids: () => (pid && child.exitCode === null ? [pid] : []) },
      { ownedByScenario: true },
    );
    return proc;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}
