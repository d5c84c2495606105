import path from 'node:path';

export interface BenchOptions {
  smoke: boolean;
  /** Scenario names to run (default: all, in the suite's order). */
  only: string[];
  /** Where the report goes (default bench/results). */
  outDir: string;
  /**
   * How the apps run: `compiled` (default) = `npm run build` output, as the
   * Docker images run them; `source` = TypeScript through @swc-node/register,
   * as the tests and `npm run stack` run them.
   */
  appsFrom: AppsFrom;
}

export type AppsFrom = 'compiled' | 'source';
const APPS_FROM: readonly AppsFrom[] = ['compiled', 'source'];

export const DEFAULT_OUT_DIR = path.resolve(__dirname, '..', 'results');

/** `--smoke`, `--only a,b` (repeatable), `--out <dir>`, `--apps-from compiled|source`. Unknown flags are refused, not ignored. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = {
    smoke: false,
    only: [],
    outDir: DEFAULT_OUT_DIR,
    appsFrom: 'compiled',
  };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--smoke') options.smoke = true;
    else if (flag === '--only') options.only.push(...value().split(',').filter(Boolean));
    else if (flag === '--out') options.outDir = path.resolve(value());
    else if (flag === '--apps-from') {
      const from = value();
      if (!APPS_FROM.includes(from as AppsFrom))
        throw new Error(`--apps-from must be one of ${APPS_FROM.join(', ')}, not ${from}`);
      options.appsFrom = from as AppsFrom;
    } else {
      throw new Error(
        `unknown argument ${arg} (use --smoke, --only <scenario>[,<scenario>], --out <dir>, --apps-from compiled|source)`,
      );
    }
  }
  return options;
}
