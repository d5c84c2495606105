import fs from 'node:fs';
import path from 'node:path';
import { markdownTable, num, textTable } from './format';
import type { AppsFrom } from './bench-options';
import type { BenchSizes } from './bench-sizes';
import type { MachineInfo } from './machine-info';
import type { ScenarioFailure, ScenarioResult } from './report-types';

/** Apps above this peak resident size are reported as a finding (issue 17: 200 MB each, was 250). */
export const APP_MEMORY_BUDGET_MB = 200;
const FAILURE_TEXT_MAX = 600;

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  profile: BenchSizes['profile'];
  command: string;
  /** How the apps ran: compiled (`npm run build`) or TypeScript source. */
  appsFrom: AppsFrom;
  machine: MachineInfo;
  sizes: BenchSizes;
  results: ScenarioResult[];
  failures: ScenarioFailure[];
}

/** Apps over budget become findings, whatever the scenario itself noticed. */
export function memoryFindings(result: ScenarioResult): string[] {
  return result.memory
    .filter((m) => m.kind === 'app' && m.peakRssMb > APP_MEMORY_BUDGET_MB)
    .map(
      (m) =>
        `${m.name} peaked at ${num(m.peakRssMb)} MB resident (budget ${APP_MEMORY_BUDGET_MB} MB)`,
    );
}

function memoryRows(result: ScenarioResult): string[][] {
  return result.memory.map((m) => [
    m.name,
    m.kind,
    num(m.peakRssMb, 1),
    String(m.processes),
    m.kind === 'app' && m.peakRssMb > APP_MEMORY_BUDGET_MB ? 'OVER BUDGET' : '',
  ]);
}

const MEMORY_COLUMNS = ['process', 'kind', 'peak RSS MB', 'pids', ''];

export function consoleReport(report: BenchReport): string {
  const out: string[] = [];
  const m = report.machine;
  out.push(
    `Paystream bench (${report.profile}, apps ${report.appsFrom}) — ${m.cpus} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.java}, Kafka ${m.kafka}, ` +
      `Postgres ${m.postgres}, load ${m.loadAverageStart.join(' / ')} at start`,
  );
  for (const r of report.results) {
    out.push('', `=== ${r.title} (${r.durationS.toFixed(0)} s)`);
    for (const t of r.tables) out.push('', t.title, textTable(t.columns, t.rows));
    out.push('', 'peak memory', textTable(MEMORY_COLUMNS, memoryRows(r)));
    for (const f of [...r.findings, ...memoryFindings(r)]) out.push(`FINDING: ${f}`);
  }
  for (const f of report.failures)
    out.push('', `=== ${f.name}: FAILED after ${f.durationS.toFixed(0)} s`, f.error);
  return out.join('\n');
}

export function markdownReport(report: BenchReport): string {
  const m = report.machine;
  const out: string[] = [
    `# Paystream benchmark — ${report.startedAt}`,
    '',
    `Profile **${report.profile}** (\`${report.command}\`), ${report.startedAt} → ${report.finishedAt}. ` +
      (report.appsFrom === 'compiled'
        ? 'Apps ran compiled (`npm run build`, as in the Docker images).'
        : 'Apps ran from TypeScript source (`@swc-node/register`).'),
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${m.cpus} × ${m.cpuModel} |`,
    `| memory | ${m.memoryGb} GB |`,
    `| load average (1/5/15 min) | start ${m.loadAverageStart.join(' / ')}, end ${(m.loadAverageEnd ?? []).join(' / ')} |`,
    `| Node | ${m.node} |`,
    `| Java | ${m.java} |`,
    `| Kafka | ${m.kafka} |`,
    `| Postgres | ${m.postgres} |`,
    `| Redis | ${m.redis} |`,
    `| OS | ${m.os} |`,
    '',
  ];
  if (m.loadAverageStart[0] > m.cpus) {
    out.push(
      `> **Taken on a busy machine** (1-minute load ${m.loadAverageStart[0]} on ${m.cpus} cores): absolute numbers are ` +
        'low and noisy; ratios against the same-run anchors are the part to read.',
      '',
    );
  }
  if (report.failures.length > 0) {
    out.push('## Failed scenarios', '');
    // Full error text is in the JSON; the markdown keeps it readable.
    for (const f of report.failures)
      out.push(
        `- **${f.name}** (after ${f.durationS.toFixed(0)} s): ${f.error.split('\n').join(' ').slice(0, FAILURE_TEXT_MAX)}`,
      );
    out.push('');
  }
  for (const r of report.results) {
    out.push(
      `## ${r.title}`,
      '',
      `Took ${r.durationS.toFixed(0)} s. Settings: \`${JSON.stringify(r.settings)}\``,
      '',
    );
    for (const t of r.tables) {
      out.push(`### ${t.title}`, '');
      if (t.note) out.push(t.note, '');
      out.push(markdownTable(t.columns, t.rows), '');
    }
    for (const c of r.charts) out.push(`![${c.title}](${c.file})`, '');
    out.push('Peak memory:', '', markdownTable(MEMORY_COLUMNS, memoryRows(r)), '');
    const findings = [...r.findings, ...memoryFindings(r)];
    if (findings.length > 0) out.push('Findings:', '', ...findings.map((f) => `- ${f}`), '');
    if (r.checks.length > 0) out.push(`Sanity checks passed: ${r.checks.join('; ')}.`, '');
  }
  return out.join('\n');
}

/** Writes `<stamp>.md`, `<stamp>.json` and the charts; returns the paths written. */
export function writeReport(report: BenchReport, outDir: string, stamp: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const write = (file: string, content: string) => {
    const full = path.join(outDir, file);
    fs.writeFileSync(full, content);
    written.push(full);
  };
  for (const r of report.results) for (const c of r.charts) write(c.file, c.svg);
  write(`${stamp}.md`, markdownReport(report));
  const json = {
    ...report,
    results: report.results.map((r) => ({ ...r, charts: r.charts.map((c) => c.file) })),
  };
  write(`${stamp}.json`, `${JSON.stringify(json, null, 2)}\n`);
  return written;
}
