import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * Spawns a server process that cannot outlive this Node process.
 *
 * Why: Jest crashes, Ctrl-C, `kill -9` of the test runner — none of them run
 * JavaScript clean-up code, and a leaked JVM or postgres holds ports, memory
 * and temp dirs until someone notices. So every child:
 *  - gets its own process group (`detached`), so we can signal it together
 *    with anything it forks (postgres backends, shell wrappers);
 *  - is paired with a tiny detached `sh` watchdog that polls our pid every
 *    ~500 ms and, once we are gone, signals the group, escalates to SIGKILL
 *    and deletes the given temp paths. The watchdog exits by itself when the
 *    child's group disappears (normal stop).
 *  - is also signalled synchronously from `process.on('exit')` for the common
 *    case of a normal exit (the watchdog then finishes the job).
 */
export interface SpawnSupervisedOptions {
  args?: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as another user (postgres refuses to run as root). */
  uid?: number;
  gid?: number;
  /** Append the child's stdout and stderr to this file (no pipes to keep alive). */
  logFile?: string;
  /** Polite stop signal for the group leader; postgres wants SIGINT (fast shutdown). */
  stopSignal?: NodeJS.Signals;
  /**
   * Signal sent when the parent is gone (watchdog, exit hook); default
   * stopSignal. SIGKILL suits servers whose data is thrown away anyway.
   */
  orphanSignal?: NodeJS.Signals;
  /** Time between the polite signal and SIGKILL of the whole group. */
  stopGraceMs?: number;
  /** Removed by the watchdog after the child is killed because the parent died. */
  cleanupPaths?: readonly string[];
  /** Watchdog poll interval; ~500 ms keeps the cost negligible. */
  pollIntervalMs?: number;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SupervisedProcess {
  readonly pid: number;
  readonly watchdogPid: number | undefined;
  readonly child: ChildProcess;
  /** Resolves when the child has exited (never rejects). */
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** Polite signal, then SIGKILL of the group after the grace period; resolves on exit. */
  stop(options?: { graceMs?: number; signal?: NodeJS.Signals }): Promise<ExitInfo>;
}

const live = new Map<SupervisedProcess, NodeJS.Signals>();
let exitHookInstalled = false;

// POSIX sh on purpose: no Node start-up cost (~40 ms, 40 MB) per child.
// $1 parent pid, $2 child pgid, $3 polite signal, $4 grace in tenths of a second, $5.. paths to remove.
// The parent is considered alive while it is still *our* parent (ppid from
// /proc), which is immune to zombies and pid reuse; kill -0 is the fallback.
const WATCHDOG_SCRIPT = `
p=$1; g=$2; sig=$3; grace=$4; poll=$5; shift 5
parent_alive() {
  if [ -r /proc/$$/stat ]; then
    read -r _ _ _ pp _ < /proc/$$/stat
    [ "$pp" = "$p" ]
  else
    kill -0 "$p" 2>/dev/null
  fi
}
while parent_alive; do
  kill -0 -"$g" 2>/dev/null || exit 0
  sleep "$poll"
done
kill -"$sig" "$g" 2>/dev/null
i=0
while [ "$i" -lt "$grace" ] && kill -0 "$g" 2>/dev/null; do
  if [ -r /proc/$g/stat ]; then
    read -r _ _ st _ < /proc/$g/stat
    [ "$st" = Z ] && break
  fi
  sleep 0.1; i=$((i+1))
done
kill -KILL -"$g" 2>/dev/null
for path in "$@"; do rm -rf -- "$path"; done
exit 0
`;

export function spawnSupervised(
  command: string,
  options: SpawnSupervisedOptions = {},
): SupervisedProcess {
  const stopSignal = options.stopSignal ?? 'SIGTERM';
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const orphanSignal = options.orphanSignal ?? stopSignal;

  let logFd: number | undefined;
  if (options.logFile) logFd = fs.openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, [...(options.args ?? [])], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      detached: true,
      stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'ignore'],
    });
  } finally {
    // The child has its own copy of the descriptor.
    if (logFd !== undefined) fs.closeSync(logFd);
  }

  let exitInfo: ExitInfo | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      resolve(exitInfo);
    });
    child.once('error', (error) => {
      // e.g. ENOENT: the child never existed; report it as an exit.
      spawnError = error;
      exitInfo = { code: null, signal: null };
      resolve(exitInfo);
    });
  });
  if (child.pid === undefined) {
    // spawn failed synchronously-ish; 'error' follows on next tick.
    const failed: SupervisedProcess = {
      pid: -1,
      watchdogPid: undefined,
      child,
      exited,
      isRunning: () => false,
      stop: () => exited,
    };
    return failed;
  }
  const pid = child.pid;
  // Do not keep the event loop alive just because a server is running.
  child.unref();

  const watchdog = spawn(
    '/bin/sh',
    [
      '-c',
      WATCHDOG_SCRIPT,
      'paystream-watchdog',
      String(process.pid),
      String(pid),
      orphanSignal.replace(/^SIG/, ''),
      String(Math.max(1, Math.round(stopGraceMs / 100))),
      String((options.pollIntervalMs ?? 500) / 1000),
      ...(options.cleanupPaths ?? []),
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.on('error', () => undefined);
  watchdog.unref();

  const handle: SupervisedProcess = {
    pid,
    watchdogPid: watchdog.pid,
    child,
    exited,
    isRunning: () => exitInfo === undefined,
    async stop(stopOptions = {}) {
      if (exitInfo !== undefined) {
        killGroup(pid, 'SIGKILL'); // stragglers the leader left behind
        return exitInfo;
      }
      // An unref'd child does not keep the event loop alive; waiting for its exit must.
      child.ref();
      signalPid(pid, stopOptions.signal ?? stopSignal);
      const graceMs = stopOptions.graceMs ?? stopGraceMs;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const first = await Promise.race([exited, timedOut]);
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL');
      return first === 'timeout' ? exited : first;
    },
  };
  if (spawnError) return handle;

  live.set(handle, orphanSignal);
  void exited.then(() => {
    live.delete(handle);
    // Normal stop: the watchdog would notice within one poll; save it the wait.
    if (watchdog.pid !== undefined && watchdog.exitCode === null)
      signalPid(watchdog.pid, 'SIGTERM');
  });
  installExitHook();
  return handle;
}

/** Number of supervised children still running (useful in tests). */
export function liveSupervisedCount(): number {
  return live.size;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Synchronous only: 'exit' handlers cannot wait. The watchdogs (which see
  // the parent gone right after) escalate to SIGKILL and clean temp dirs.
  process.on('exit', () => {
    for (const [handle, signal] of live) signalPid(handle.pid, signal);
  });
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}
