// `npm run bench [-- --only <scenario>] [--smoke] [--out <dir>]`: see docs/benchmarks.md.
import { parseBenchArgs } from './lib/bench-options';
import { runBench } from './lib/run-bench';
import { SCENARIOS } from './scenarios';

async function main(): Promise<void> {
  const options = parseBenchArgs(process.argv.slice(2));
  const run = await runBench(options, SCENARIOS);
  process.stdout.write(
    `${run.text}\n\nReport: ${run.files.filter((f) => /\.(md|json)$/.test(f)).join(', ')}\n`,
  );
  if (run.report.failures.length > 0) {
    process.stderr.write(
      `\n${run.report.failures.length} scenario(s) FAILED: ${run.report.failures.map((f) => f.name).join(', ')}\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
