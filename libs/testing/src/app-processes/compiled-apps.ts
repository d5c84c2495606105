import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './repo-root';

const run = promisify(execFile);

/** Where `npm run build` puts the compiled apps and libs. */
export const DEFAULT_BUILD_DIR = path.join(REPO_ROOT, 'dist');
const BUILD_TSCONFIG = path.join(REPO_ROOT, 'tsconfig.build.json');

/**
 * Compiles every app and the libs they use exactly as `npm run build` does:
 * tsc (type-checked, decorator metadata for NestJS), then tsc-alias rewrites
 * the `@paystream/*` imports to relative paths so plain `node` can run the
 * result. `outDir` must lie inside the repository, where Node finds
 * node_modules. Returns `outDir`.
 */
export async function buildApps(outDir: string = DEFAULT_BUILD_DIR): Promise<string> {
  if (path.relative(REPO_ROOT, outDir).startsWith('..')) {
    throw new Error(`build directory ${outDir} must be inside ${REPO_ROOT} (apps resolve node_modules from there)`);
  }
  rmSync(outDir, { recursive: true, force: true });
  const options = { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 };
  try {
    await run(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', BUILD_TSCONFIG, '--outDir', outDir],
      options,
    );
    await run(
      process.execPath,
      [require.resolve('tsc-alias/dist/bin/index.js'), '-p', BUILD_TSCONFIG, '--outDir', outDir],
      options,
    );
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`build failed:\n${stdout}${stderr}`.trim(), { cause: error });
  }
  return outDir;
}

/** The compiled entry point of an app in a build made by buildApps / `npm run build`. */
export function compiledMain(buildDir: string, app: string): string {
  return path.join(buildDir, 'apps', app, 'src', 'main.js');
}
