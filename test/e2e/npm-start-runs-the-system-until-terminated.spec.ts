import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isProcessAlive, waitUntil } from '@paystream/testing';

const REPO_ROOT = path.resolve(__dirname, '../..');

/** Runs one of the printed curl lines as a newcomer would paste it. */
function paste(line: string): string {
  return execFileSync('bash', ['-c', line], { encoding: 'utf8', timeout: 30_000 });
}

/**
 * A newcomer's first five minutes: `npm start`, paste the printed curl lines,
 * watch the toll charge settle, Ctrl-C — and nothing is left running or on disk.
 */
describe('npm start', () => {
  it('runs the six apps and the console, answers the printed curl lines, and stops everything when npm is terminated', async () => {
    const npm = spawn('npm', ['start'], {
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
        timeoutMs: 240_000,
        intervalMs: 300,
        description: 'npm start to come up',
      }).catch((error: Error) => {
        throw new Error(`${error.message}\n${output.slice(-4000)}`);
      });

      const apps = [
        ...output.matchAll(
          /^(\S+)\s+(http:\/\/127\.0\.0\.1:\d+)\s+\S+\/docs\s+\S+\/metrics\s+(\S+)$/gm,
        ),
      ];
      expect(apps.map((m) => m[1]).sort()).toEqual(
        [
          'charge-worker',
          'console',
          'db-sink',
          'outbox-relay',
          'payment-gateway',
          'pos-api',
          'toll-api',
        ].sort(),
      );
      const logDirs = apps.map((m) => path.dirname(m[3]));
      const kafkaDataDir = /\(data in (\S+)\)/.exec(output)?.[1] ?? '';
      expect(existsSync(kafkaDataDir)).toBe(true);
      const curls = output.split('\n').filter((l) => l.startsWith('curl '));
      expect(curls).toHaveLength(4); // till, toll exit, charge lookup, gateway faults

      expect(paste(curls[0])).toMatch(/^HTTP\/1\.1 201/);
      expect(paste(curls[1])).toMatch(/^HTTP\/1\.1 202/);
      await waitUntil(
        () => {
          const items = (JSON.parse(paste(curls[2])) as { items: Array<{ status: string }> }).items;
          return items.length === 1 && items[0].status === 'SETTLED';
        },
        { timeoutMs: 60_000, intervalMs: 300, description: 'the pasted toll exit to settle' },
      );

      const appPids = apps.map((m) => {
        const port = new URL(m[2]).port;
        return Number(
          execFileSync(
            'bash',
            ['-c', `ss -ltnpH 'sport = :${port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`],
            { encoding: 'utf8' },
          ).trim(),
        );
      });
      expect(appPids.every((pid) => pid > 0 && isProcessAlive(pid))).toBe(true);

      npm.kill('SIGTERM'); // npm does not pass it on: npm start must notice by itself

      await waitUntil(() => appPids.every((pid) => !isProcessAlive(pid)), {
        timeoutMs: 60_000,
        description: 'every app npm start started to stop',
      });
      await waitUntil(() => logDirs.every((dir) => !existsSync(dir)), {
        timeoutMs: 10_000,
        description: 'the apps’ log folders to be removed',
      });
      // Kafka stops after the apps. Waiting for npm start's own last line keeps the SIGKILL below
      // from cutting its clean-up short (it once left the broker's data folder behind in CI).
      await waitUntil(() => output.includes('Stopped.'), {
        timeoutMs: 60_000,
        description: 'npm start to finish stopping',
      });
      expect(existsSync(kafkaDataDir)).toBe(false);
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
});
