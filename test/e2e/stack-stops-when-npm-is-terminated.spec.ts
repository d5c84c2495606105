import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, waitUntil } from '@paystream/testing';

const REPO_ROOT = path.resolve(__dirname, '../..');

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
      await waitUntil(() => output.includes('Ctrl-C stops everything'), {
        timeoutMs: 120_000,
        description: `npm run stack to come up\n${output}`,
      });
      const brokerPid = Number(/kafka broker 1\s+\S+\s+pid (\d+)/.exec(output)?.[1]);
      const dataDir = /data in (\S+?),? removed on exit/.exec(output)?.[1] ?? '';
      expect(isProcessAlive(brokerPid)).toBe(true);
      expect(existsSync(dataDir)).toBe(true);

      npm.kill('SIGTERM');

      await waitUntil(() => !isProcessAlive(brokerPid), {
        timeoutMs: 60_000,
        description: 'the broker to stop',
      });
      await waitUntil(() => !existsSync(dataDir), {
        timeoutMs: 10_000,
        description: "the broker's data to be removed",
      });
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
