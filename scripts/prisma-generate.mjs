#!/usr/bin/env node
// Runs `prisma generate` offline (root `postinstall` and `npm run db:generate`).
//
// Why this wrapper exists:
// - The prisma CLI tries to download its schema-engine binary before running
//   generate, migrate or db commands. That download is unreachable here and
//   fails, although `generate` never uses the engine. When
//   PRISMA_SCHEMA_ENGINE_BINARY points at an existing file the CLI skips the
//   download and generate works, so we point it at a dummy file when the
//   variable is unset. (A real engine path given by the caller is kept.)
// - npm 11 does not run dependencies' install scripts unless approved, so
//   @prisma/engines' own postinstall never runs; the root package's lifecycle
//   scripts do, which is why generation hangs off the root `postinstall`.
// - The generated client (libs/db/src/generated/prisma) is gitignored: every
//   fresh clone regenerates it from prisma/schema.prisma on `npm install`/`npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = { ...process.env };

if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  // Inside node_modules, not /tmp: it belongs to the install and goes with it.
  const dir = path.join(root, 'node_modules', '.cache', 'paystream-prisma');
  const dummy = path.join(dir, 'schema-engine-not-needed-for-generate');
  if (!existsSync(dummy)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      dummy,
      '#!/bin/sh\necho "placeholder: prisma generate does not need the schema engine" >&2\nexit 1\n',
      {
        mode: 0o755,
      },
    );
  }
  env.PRISMA_SCHEMA_ENGINE_BINARY = dummy;
}
// No update notice, no telemetry call: there is no network to reach.
env.PRISMA_HIDE_UPDATE_MESSAGE ??= '1';
env.CHECKPOINT_DISABLE ??= '1';

const requireFromHere = createRequire(import.meta.url);
let prismaCli;
try {
  prismaCli = requireFromHere.resolve('prisma/build/index.js', { paths: [root] });
} catch {
  // `npm install --omit=dev` has no prisma CLI: nothing to generate with.
  console.warn('prisma-generate: the prisma CLI is not installed; skipping client generation');
  process.exit(0);
}

const result = spawnSync(process.execPath, [prismaCli, 'generate', ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
