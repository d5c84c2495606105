// The median of several full bench runs against issue 17's targets:
//   npm run bench:median -- bench/results/A.json bench/results/B.json bench/results/C.json [--out file.md]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { medianTable, runLines } from './lib/median-of-runs';
import type { BenchReport } from './lib/report-writer';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { out: { type: 'string' } },
});
if (positionals.length === 0) {
  console.error('usage: npm run bench:median -- <report.json>... [--out <file.md>]');
  process.exit(2);
}
const reports = positionals.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as BenchReport);
const quick = reports.filter((r) => r.profile !== 'full');
if (quick.length > 0) {
  console.error(
    `not full runs (${quick.map((r) => r.startedAt).join(', ')}): only full runs compare`,
  );
  process.exit(2);
}
const text = [
  `# Median of ${reports.length} full bench runs`,
  '',
  ...runLines(reports),
  '',
  "Ratios are same-run (each run against its own anchors); memory is each app's highest resident size over the run.",
  '',
  medianTable(reports),
  '',
].join('\n');
if (values.out) fs.writeFileSync(values.out, text);
console.log(text);
