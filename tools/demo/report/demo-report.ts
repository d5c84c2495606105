import { AuditResult } from '../audit/audit';
import { PhaseReport } from '../stats/phase-stats';

export interface DemoReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  settings: Record<string, unknown>;
  phases: PhaseReport[];
  audit: AuditResult;
}

const fmt = (v: number | null) => (v === null ? '–' : String(v));

function outcomesCell(outcomes: Record<string, number>): string {
  const entries = Object.entries(outcomes);
  return entries.length === 0 ? '–' : entries.map(([k, v]) => `${k}: ${v}`).join('<br>');
}

/** The report as Markdown: one table for the phases, one for the audit. */
export function renderMarkdown(report: DemoReport): string {
  const lines: string[] = [];
  lines.push(`# Paystream demo — ${report.startedAt}`, '');
  lines.push(`Audit: **${report.audit.ok ? 'PASSED' : 'FAILED'}**`, '');
  lines.push('## Settings', '', '| setting | value |', '| --- | --- |');
  for (const [k, v] of Object.entries(report.settings)) lines.push(`| ${k} | ${String(v)} |`);
  lines.push('', '## Phases', '');
  lines.push(
    '| phase | s | till outcomes | till p50 / p95 / p99 ms | 503 p50 / p99 ms | toll outcomes | toll 202 p50 / p95 / p99 ms | drain s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const p of report.phases) {
    const t = p.till.latencyMs;
    const u = p.tillUnavailableLatencyMs;
    const l = p.toll.latencyMs;
    lines.push(
      `| ${p.title} | ${p.seconds} | ${outcomesCell(p.till.outcomes)} | ${fmt(t.p50)} / ${fmt(t.p95)} / ${fmt(t.p99)} | ` +
        `${fmt(u.p50)} / ${fmt(u.p99)} | ${outcomesCell(p.toll.outcomes)} | ${fmt(l.p50)} / ${fmt(l.p95)} / ${fmt(l.p99)} | ` +
        `${p.drainSeconds ?? '–'} |`,
    );
  }
  const notes = report.phases.flatMap((p) => p.notes.map((n) => `- **${p.title}**: ${n}`));
  if (notes.length > 0) lines.push('', '### What happened', '', ...notes);
  lines.push(
    '',
    '## Audit (read from the databases)',
    '',
    '| check | rule | result |',
    '| --- | --- | --- |',
  );
  for (const c of report.audit.checks) {
    lines.push(`| ${c.name} | ${c.rule} | ${c.ok ? 'ok' : `**${c.violations} violation(s)**`} |`);
  }
  lines.push('', '### Totals', '', '| what | count |', '| --- | --- |');
  for (const [k, v] of Object.entries(report.audit.totals)) lines.push(`| ${k} | ${v} |`);
  const failed = report.audit.checks.filter((c) => !c.ok);
  if (failed.length > 0) {
    lines.push('', '### Violations (first examples)', '');
    for (const c of failed) lines.push(`- ${c.name}: \`${JSON.stringify(c.examples)}\``);
  }
  return lines.join('\n') + '\n';
}

/** A compact plain-text version for the terminal. */
export function renderTerminal(report: DemoReport): string {
  const rows: string[][] = [
    ['phase', 'till outcomes', 'till p50/p95/p99', 'toll outcomes', 'toll p50/p95/p99', 'drain'],
  ];
  for (const p of report.phases) {
    const t = p.till.latencyMs;
    const l = p.toll.latencyMs;
    rows.push([
      p.title,
      Object.entries(p.till.outcomes)
        .map(([k, v]) => `${k.split(' ')[0]}×${v}`)
        .join(' ') || '-',
      `${fmt(t.p50)}/${fmt(t.p95)}/${fmt(t.p99)} ms`,
      Object.entries(p.toll.outcomes)
        .map(([k, v]) => `${k.split(' ')[0]}×${v}`)
        .join(' ') || '-',
      `${fmt(l.p50)}/${fmt(l.p95)}/${fmt(l.p99)} ms`,
      p.drainSeconds === null ? '-' : `${p.drainSeconds}s`,
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  const out = [
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ];
  for (const p of report.phases) for (const n of p.notes) out.push(`  · ${p.title}: ${n}`);
  out.push('', `AUDIT ${report.audit.ok ? 'PASSED' : 'FAILED'}`);
  for (const c of report.audit.checks) {
    out.push(`  ${c.ok ? '✔' : '✘'} ${c.rule}${c.ok ? '' : `  (${c.violations} violations)`}`);
  }
  out.push(
    '  totals: ' +
      Object.entries(report.audit.totals)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
  );
  return out.join('\n');
}
