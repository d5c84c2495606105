import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSupervised } from '@paystream/dev-infra';
import { isAlive, waitUntil } from './process-helpers';

// Real servers: starts take seconds, not milliseconds.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');

describe('a supervised child', () => {
  it('dies (with its own children) and its temp dir is removed when the parent is SIGKILLed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paystream-supervise-test-'));
    const parent = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(__dirname, 'fixtures/supervised-parent.ts'), dir],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pids = await new Promise<{ parent: number; child: number; watchdog: number }>(
      (resolve, reject) => {
        parent.stdout.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString('utf8'))));
        parent.once('exit', (code) => reject(new Error(`fixture exited early with ${code}`)));
      },
    );
    await waitUntil(() => fs.existsSync(path.join(dir, 'grandchild.pid')), 5_000);
    const grandchild = Number(fs.readFileSync(path.join(dir, 'grandchild.pid'), 'utf8'));
    expect(isAlive(pids.child)).toBe(true);
    expect(isAlive(grandchild)).toBe(true);

    parent.kill('SIGKILL'); // no JavaScript clean-up can run

    expect(await waitUntil(() => !isAlive(pids.child) && !isAlive(grandchild), 5_000)).toBe(true);
    expect(await waitUntil(() => !fs.existsSync(dir), 5_000)).toBe(true);
    expect(await waitUntil(() => !isAlive(pids.watchdog), 5_000)).toBe(true);
  });

  it('stops on request and its watchdog leaves with it', async () => {
    const child = spawnSupervised('sleep', { args: ['300'] });
    expect(child.isRunning()).toBe(true);
    const exit = await child.stop();
    expect(exit.signal).toBe('SIGTERM');
    expect(isAlive(child.pid)).toBe(false);
    expect(await waitUntil(() => !isAlive(child.watchdogPid!), 3_000)).toBe(true);
  });

  it('escalates to SIGKILL when the child ignores the polite signal', async () => {
    const child = spawnSupervised('/bin/sh', {
      args: ['-c', 'trap "" TERM; sleep 300'],
      stopGraceMs: 300,
    });
    await new Promise((r) => setTimeout(r, 100)); // let sh install the trap
    await child.stop();
    expect(isAlive(child.pid)).toBe(false);
  });
});
