import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../..');

/**
 * The main job, end to end: `npm run demo -- --quick` starts its own Kafka,
 * the six apps as processes, drives both stories through a gateway outage
 * and audits the databases. It must exit 0 and write a report whose audit
 * holds, with the outage visible in the numbers.
 */
describe('npm run demo -- --quick', () => {
  const resultsDir = mkdtempSync(path.join(tmpdir(), 'paystream-demo-'));
  afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

  it('passes its audit and reports the outage', async () => {
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', 'tools/demo/main.ts', '--quick', '--results', resultsDir],
        { cwd: REPO_ROOT, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
      child.on('exit', (c) => resolve(c));
    });
    const log = output.join('');
    if (code !== 0) throw new Error(`demo exited ${code}\n${log.slice(-6000)}`);

    const reports = readdirSync(resultsDir).filter((f) => f.endsWith('.json'));
    expect(reports).toHaveLength(1);
    expect(readdirSync(resultsDir).filter((f) => f.endsWith('.md'))).toHaveLength(1);
    const report = JSON.parse(readFileSync(path.join(resultsDir, reports[0]), 'utf8'));
    expect(report.audit.ok).toBe(true);
    expect(report.audit.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);

    const phase = (name: string) => report.phases.find((p: { name: string }) => p.name === name);
    // During the outage the till says "gateway unavailable" and the barrier still opens.
    expect(phase('outage').till.outcomes['503 gateway unavailable']).toBeGreaterThan(0);
    expect(phase('outage').toll.outcomes['202 barrier open']).toBeGreaterThan(0);
    expect(Object.keys(phase('outage').toll.outcomes)).toEqual(['202 barrier open']);
    // The outage backlog drained after recovery, and the surplus workers sat idle.
    expect(phase('recovery').drainSeconds).not.toBeNull();
    expect(phase('scale-out').notes.join(' ')).toMatch(/2 idle/);
    // Every exit reached exactly one final outcome.
    const t = report.audit.totals;
    expect(t.tollSettled + t.tollDeclined + t.tollFailed).toBe(t.tollExits);
    expect(t.tollExits).toBeGreaterThan(0);
  }, 600_000);
});
