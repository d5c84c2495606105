#!/usr/bin/env node
// `npm run build [-- --out-dir <dir>]`: compiles the apps and the libs they use
// (tsconfig.build.json) into dist/ (or <dir>), as the Docker images and the
// benchmark run them. tsc type-checks and emits NestJS's decorator metadata;
// tsc-alias then rewrites the `@paystream/*` imports to relative paths so
// plain `node dist/apps/<app>/src/main.js` runs the result. The only
// definition of the build: dev/testing's buildApps() runs this script.
//
// The output must stay inside the repository, where Node finds node_modules.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resolve = createRequire(import.meta.url).resolve;
const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
const outDir = path.resolve(root, values['out-dir'] ?? 'dist');
if (path.relative(root, outDir).startsWith('..')) {
  console.error(
    `build: ${outDir} must be inside ${root} (the apps resolve node_modules from there)`,
  );
  process.exit(2);
}

const tsconfig = path.join(root, 'tsconfig.build.json');
const steps = [
  [resolve('typescript/bin/tsc'), '-p', tsconfig, '--outDir', outDir],
  [resolve('tsc-alias/dist/bin/index.js'), '-p', tsconfig, '--outDir', outDir],
];

// A stale file from an earlier build must not survive into this one.
rmSync(outDir, { recursive: true, force: true });
for (const args of steps) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    rmSync(outDir, { recursive: true, force: true });
    process.exit(result.status ?? 1);
  }
}
// Static files an app serves (the console's page) go next to its compiled code.
for (const app of readdirSync(path.join(root, 'apps'))) {
  const assets = path.join(root, 'apps', app, 'public');
  if (existsSync(assets))
    cpSync(assets, path.join(outDir, 'apps', app, 'public'), { recursive: true });
}
