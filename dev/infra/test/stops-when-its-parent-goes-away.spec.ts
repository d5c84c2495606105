import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive, waitUntil } from './process-helpers';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../..');

describe('a command started through a wrapper that does not pass signals on (like npm)', () => {
  it('notices that its parent is gone and stops by itself', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paystream-orphan-test-'));
    try {
      // `sh -c 'node …; true'` keeps sh as the parent (no exec), as npm's script shell does.
      const fixture = path.join(__dirname, 'fixtures/orphan-aware.ts');
      const wrapper = spawn(
        '/bin/sh',
        ['-c', `"${process.execPath}" -r @swc-node/register "${fixture}" "${dir}"; true`],
        {
          cwd: ROOT,
          stdio: 'ignore',
        },
      );
      expect(await waitUntil(() => fs.existsSync(path.join(dir, 'pid')), 30_000)).toBe(true);
      const pid = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8'));
      expect(isAlive(pid)).toBe(true);

      wrapper.kill('SIGKILL'); // the wrapper goes; nothing is forwarded to the command

      expect(await waitUntil(() => fs.existsSync(path.join(dir, 'stopped')), 10_000)).toBe(true);
      expect(await waitUntil(() => !isAlive(pid), 5_000)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
