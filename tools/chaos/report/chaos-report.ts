import type { ScenarioRow } from '../audit/scenario-verdict';

export interface ChaosReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Which code ran (git commit and branch) and how the system was set up. */
  build: string;
  settings: Record<string, unknown>;
  rows: ScenarioRow[];
  ok: boolean;
}

const HEADER =
  '| scenario | result | charges in | settled | declined | failed | **lost** | **double-charged** | **charged without goods** | recover s |';

/** The one table the issue asks for: one row per scenario. */
export function renderTable(rows: readonly ScenarioRow[]): string {
  const lines = [HEADER, '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) {
    const result =
      r.status === 'passed' ? 'passed' : r.status === 'skipped' ? 'skipped' : '**FAILED**';
    lines.push(
      `| ${r.scenario} | ${result} | ${r.chargesIn} | ${r.settled} | ${r.declined} | ${r.failed} | ` +
        `${r.lost} | ${r.doubleCharged} | ${r.chargedWithoutGoods} | ${r.recoverSeconds ?? '–'} |`,
    );
  }
  return lines.join('\n');
}

/** Why each failed or skipped scenario is not green: the invariants with their counts. */
export function renderFindings(rows: readonly ScenarioRow[]): string {
  const out: string[] = [];
  for (const r of rows) {
    if (r.status === 'passed') continue;
    const parts = [
      ...(r.note ? [r.note] : []),
      ...r.violations.map((v) => `${v.check}: ${v.count}`),
    ];
    out.push(`- **${r.scenario}** (${r.status}): ${parts.join('; ') || 'no detail'}`);
  }
  return out.join('\n');
}

export function renderMarkdown(report: ChaosReport): string {
  const findings = renderFindings(report.rows);
  return [
    `# Paystream chaos run ${report.runId}`,
    '',
    `${report.startedAt} → ${report.finishedAt} · build ${report.build} · **${report.ok ? 'every audit held' : 'AUDIT FAILED'}**`,
    '',
    '## Settings',
    '',
    '| setting | value |',
    '| --- | --- |',
    ...Object.entries(report.settings).map(([k, v]) => `| ${k} | ${String(v)} |`),
    '',
    '## Scenarios',
    '',
    renderTable(report.rows),
    '',
    ...(findings ? ['## What did not hold', '', findings, ''] : []),
    '## What each scenario did',
    '',
    ...report.rows.flatMap((r) => (r.notes ?? []).map((n) => `- ${r.scenario}: ${n}`)),
    '',
  ].join('\n');
}
