import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactUrl } from '../errors/eviction-policy.error';
import { MissingToolError, REDIS_HINT } from '../errors/missing-tool.error';
import { ServiceStartError } from '../errors/service-start.error';
import { freePort, LOOPBACK } from '../net/free-port';
import { findExecutable } from '../process/find-executable';
import { tailFile } from '../process/log-tail';
import { spawnSupervised } from '../process/spawn-supervised';
import { isRedisReachable } from './redis-reachable';

export interface StartRedisOptions {
  /**
   * Server to use when reachable; default process.env.REDIS_URL.
   * `null` skips any existing server and always spawns redis-server.
   */
  url?: string | null;
  reachTimeoutMs?: number;
  /** Port for a spawned server (default: a free one); lets a caller restart Redis where its clients expect it. */
  port?: number;
  /** Default 15 s. */
  startTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

export interface RedisServer {
  readonly url: string;
  /** True when we spawned a redis-server (and stop() will stop it). */
  readonly spawned: boolean;
  readonly pid?: number;
  stop(): Promise<void>;
}

/**
 * The Redis in `url` (REDIS_URL) when reachable; otherwise a `redis-server`
 * from PATH on a free loopback port, keeping nothing on disk and never
 * evicting (BullMQ needs noeviction).
 */
export async function startRedis(options: StartRedisOptions = {}): Promise<RedisServer> {
  const progress = options.onProgress ?? (() => undefined);
  const url = options.url === null ? undefined : (options.url ?? process.env.REDIS_URL);
  if (url) {
    if (await isRedisReachable(url, options.reachTimeoutMs ?? 1_500)) {
      progress(`Using Redis at ${redactUrl(url)}`);
      return { url, spawned: false, stop: async () => undefined };
    }
    progress(`Redis at ${redactUrl(url)} is not reachable; starting redis-server`);
  }

  const redisServer = findExecutable('redis-server');
  if (!redisServer) {
    const why = url ? ` and ${redactUrl(url)} is not reachable` : ' and no REDIS_URL was given';
    throw new MissingToolError('redis-server', REDIS_HINT, `was not found on PATH${why}`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paystream-redis-'));
  const logFile = path.join(dir, 'redis.log');
  const port = options.port ?? (await freePort());
  const started = Date.now();
  const server = spawnSupervised(redisServer, {
    args: [
      '--port',
      String(port),
      '--bind',
      LOOPBACK,
      '--save',
      '',
      '--appendonly',
      'no',
      '--maxmemory-policy',
      'noeviction',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--logfile',
      '', // stdout, which goes to logFile
    ],
    cwd: dir,
    logFile,
    stopSignal: 'SIGTERM',
    stopGraceMs: 5_000,
    cleanupPaths: [dir],
  });
  const redisUrl = `redis://${LOOPBACK}:${port}`;
  const deadline = started + (options.startTimeoutMs ?? 15_000);
  for (;;) {
    if (!server.isRunning()) {
      const exit = await server.exited;
      const tail = tailFile(logFile);
      fs.rmSync(dir, { recursive: true, force: true });
      throw new ServiceStartError(
        'redis-server',
        `exited early (code ${exit.code ?? 'null'})`,
        tail,
        logFile,
      );
    }
    if (await isRedisReachable(redisUrl, 500)) break;
    if (Date.now() > deadline) {
      await server.stop({ graceMs: 1_000 });
      const tail = tailFile(logFile);
      fs.rmSync(dir, { recursive: true, force: true });
      throw new ServiceStartError('redis-server', 'timed out waiting for PING', tail, logFile);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  progress(`redis-server ready on ${redisUrl} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  let stopped = false;
  return {
    url: redisUrl,
    spawned: true,
    pid: server.pid,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
