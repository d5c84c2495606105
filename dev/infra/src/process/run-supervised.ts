import { spawnSupervised, type ExitInfo, type SpawnSupervisedOptions } from './spawn-supervised';

/**
 * Runs a short-lived helper (mvn, Kafka's StorageTool, initdb) to completion
 * under the same supervision as servers: if this process dies mid-way, the
 * helper dies too and `cleanupPaths` (its half-written temp dir) is removed.
 * Output goes to `logFile`; read its tail for error messages.
 */
export async function runSupervised(
  command: string,
  options: SpawnSupervisedOptions,
): Promise<ExitInfo> {
  const handle = spawnSupervised(command, options);
  handle.child.ref(); // we are waiting for it: keep the event loop alive
  return handle.exited;
}
