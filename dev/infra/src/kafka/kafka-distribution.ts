import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { KafkaFetchError } from '../errors/kafka-fetch.error';
import { tailFile } from '../process/log-tail';
import { runSupervised } from '../process/run-supervised';
import { requireJava, requireMaven } from './java-runtime';

/**
 * The Kafka version this project runs, checked against KafkaJS 2.2.4 (see
 * dev/infra/README.md, "Why Kafka 4.1.1"). Override with PAYSTREAM_KAFKA_VERSION.
 */
export const DEFAULT_KAFKA_VERSION = '4.1.1';

export function kafkaVersion(): string {
  return process.env.PAYSTREAM_KAFKA_VERSION || DEFAULT_KAFKA_VERSION;
}

export interface KafkaDistribution {
  version: string;
  /** Directory holding every jar (broker, tools, runtime dependencies). */
  libsDir: string;
  /** Java class path for `java -cp`. */
  classpath: string;
}

export interface EnsureKafkaOptions {
  version?: string;
  /** Defaults to $PAYSTREAM_CACHE_DIR, else ~/.cache/paystream. */
  cacheDir?: string;
  onProgress?: (line: string) => void;
}

const POM = path.resolve(__dirname, '../../maven/pom.xml');
const MARKER = '.complete';
const LOCK_STALE_MS = 15 * 60_000;

export function paystreamCacheDir(): string {
  return process.env.PAYSTREAM_CACHE_DIR || path.join(os.homedir(), '.cache', 'paystream');
}

/**
 * Returns the Kafka jars for `version`, fetching them with Maven the first time.
 *
 * The cache lives outside the work tree (jars are ~100 MB and shared by every
 * checkout). Concurrency: Jest workers, `npm run stack` and CI steps may all
 * call this at once, so the download happens under a lock file and lands in a
 * private temp dir that is renamed into place only when complete; the marker
 * file is inside the renamed dir, so "marker present" means "complete".
 */
export async function ensureKafkaDistribution(
  options: EnsureKafkaOptions = {},
): Promise<KafkaDistribution> {
  const version = options.version ?? kafkaVersion();
  const cacheDir = options.cacheDir ?? paystreamCacheDir();
  const home = path.join(cacheDir, `kafka-${version}`);
  const result: KafkaDistribution = {
    version,
    libsDir: path.join(home, 'libs'),
    classpath: path.join(home, 'libs', '*'),
  };
  if (fs.existsSync(path.join(home, MARKER))) return result;

  // Fail early with an install hint rather than a cryptic spawn ENOENT.
  requireJava();
  const mvn = requireMaven();
  fs.mkdirSync(cacheDir, { recursive: true });
  const lockFile = `${home}.lock`;
  const held = await acquireLock(
    lockFile,
    () => fs.existsSync(path.join(home, MARKER)),
    options.onProgress,
  );
  if (!held) return result; // another process completed the fetch while we waited
  try {
    if (fs.existsSync(path.join(home, MARKER))) return result; // someone else finished meanwhile
    const temp = `${home}.tmp-${process.pid}-${Date.now()}`;
    fs.rmSync(temp, { recursive: true, force: true });
    options.onProgress?.(
      `Fetching Apache Kafka ${version} jars with Maven into ${home} (once; later runs reuse them)`,
    );
    const started = Date.now();
    const ticker = setInterval(
      () =>
        options.onProgress?.(
          `  ... still fetching Kafka ${version} (${Math.round((Date.now() - started) / 1000)}s)`,
        ),
      10_000,
    );
    try {
      await runMaven(mvn, version, temp);
    } catch (error) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw error;
    } finally {
      clearInterval(ticker);
    }
    fs.rmSync(path.join(temp, 'mvn.log'), { force: true });
    const jars = fs.readdirSync(path.join(temp, 'libs')).filter((f) => f.endsWith('.jar'));
    if (!jars.some((j) => j.startsWith(`kafka_2.13-${version}`))) {
      fs.rmSync(temp, { recursive: true, force: true });
      throw new KafkaFetchError(
        version,
        `kafka_2.13-${version}.jar missing after the fetch (got ${jars.length} jars)`,
      );
    }
    fs.writeFileSync(
      path.join(temp, MARKER),
      JSON.stringify({ version, jars: jars.length, fetchedAt: new Date().toISOString() }, null, 2),
    );
    // A leftover without marker can only be garbage from an older layout.
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(temp, home);
    options.onProgress?.(
      `Fetched ${jars.length} jars in ${((Date.now() - started) / 1000).toFixed(1)}s`,
    );
    return result;
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

async function runMaven(mvn: string, version: string, temp: string): Promise<void> {
  fs.mkdirSync(temp, { recursive: true });
  const logFile = path.join(temp, 'mvn.log');
  const exit = await runSupervised(mvn, {
    args: [
      '-B',
      '-q',
      '-Dstyle.color=never',
      '-f',
      POM,
      'dependency:copy-dependencies',
      `-Dkafka.version=${version}`,
      `-Dkafka.major=${version.split('.')[0]}`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${path.join(temp, 'libs')}`,
    ],
    logFile,
    // Killed with us? Then the half-filled temp dir goes too.
    cleanupPaths: [temp],
  });
  if (exit.code !== 0)
    throw new KafkaFetchError(version, tailFile(logFile, 30) || `mvn exit code ${exit.code}`);
}

/**
 * Exclusive lock via O_EXCL create. A lock whose owner pid is dead (or that is
 * very old) is stale and taken over, so a crashed fetch never blocks forever.
 */
async function acquireLock(
  lockFile: string,
  done: () => boolean,
  onProgress?: (line: string) => void,
): Promise<boolean> {
  let announced = false;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, 'wx');
      fs.writeSync(fd, String(process.pid));
      fs.closeSync(fd);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (done()) return false;
    if (isStale(lockFile)) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!announced) {
      onProgress?.(`Waiting for another process fetching Kafka (${lockFile})`);
      announced = true;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function isStale(lockFile: string): boolean {
  try {
    const pid = Number(fs.readFileSync(lockFile, 'utf8'));
    if (Date.now() - fs.statSync(lockFile).mtimeMs > LOCK_STALE_MS) return true;
    if (!pid) return Date.now() - fs.statSync(lockFile).mtimeMs > 5_000; // being written
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (
      (error as NodeJS.ErrnoException).code === 'ESRCH' ||
      (error as NodeJS.ErrnoException).code === 'ENOENT'
    );
  }
}
