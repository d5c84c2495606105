import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from './repo-root';

const run = promisify(execFile);

/** Where `npm run build` puts the compiled apps and libs. */
export const DEFAULT_BUILD_DIR = path.join(REPO_ROOT, 'dist');
const BUILD_SCRIPT = path.join(REPO_ROOT, 'scripts', 'build.mjs');

/**
 * Compiles the apps exactly as `npm run build` does (it runs the same
 * script), into `outDir`, which must lie inside the repository, where Node
 * finds node_modules. Returns `outDir`.
 */
export async function buildApps(outDir: string = DEFAULT_BUILD_DIR): Promise<string> {
  try {
    await run(process.execPath, [BUILD_SCRIPT, '--out-dir', outDir], {
      cwd: REPO_ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`build failed:\n${stdout}${stderr}`.trim(), { cause: error });
  }
  return outDir;
}

/** The compiled entry point of an app in a build made by buildApps / `npm run build`. */
export function compiledMain(buildDir: string, app: string): string {
  return path.join(buildDir, 'apps', app, 'src', 'main.js');
}
