import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return condition();
}

/**
 * npm does not pass SIGTERM on to the script it runs, so `kill <npm>` used to
 * leave the broker running. The stack notices that its parent is gone and
 * stops everything it started.
 */
describe('npm run stack', () => {
  it('stops its Kafka broker and removes its data when npm is sent SIGTERM', async () => {
    // Its own process group, so a failing test can still stop everything below npm.
    const npm = spawn('npm', ['run', 'stack'], {
      cwd: REPO_ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    npm.stdout.on('data', (d: Buffer) => (output += d.toString()));
    npm.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      expect(await waitFor(() => output.includes('Ctrl-C stops everything'), 120_000)).toBe(true);
      const brokerPid = Number(/kafka broker 1\s+\S+\s+pid (\d+)/.exec(output)?.[1]);
      const dataDir = /data in (\S+?),? removed on exit/.exec(output)?.[1] ?? '';
      expect(isAlive(brokerPid)).toBe(true);
      expect(existsSync(dataDir)).toBe(true);

      npm.kill('SIGTERM');

      expect(await waitFor(() => !isAlive(brokerPid), 60_000)).toBe(true);
      expect(await waitFor(() => !existsSync(dataDir), 10_000)).toBe(true);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
