/**
 * Ctrl-C or SIGTERM stops what the run started (once), then exits 130.
 * Returns where the run registers that stop once it has something to stop.
 */
export function stopOnSignal(
  log: (line: string) => void,
  what: string,
): (stop: () => Promise<void>) => void {
  let stopSystem: (() => Promise<void>) | undefined;
  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`\n${signal}: stopping ${what}…`);
    void (stopSystem?.() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  return (stop) => {
    stopSystem = stop;
  };
}
