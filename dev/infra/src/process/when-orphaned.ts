/** How often the parent is checked; a stop within half a second is prompt enough. */
const DEFAULT_POLL_MS = 500;

/**
 * Calls `onOrphaned` once when this process's parent goes away.
 *
 * Why: `npm run <script>` does not pass SIGTERM on to the script it started
 * (npm 11 here), so a SIGTERM to npm leaves the script running under a new
 * parent with everything it started. A long-running command (`npm start`,
 * `npm run stack`) polls its parent id and treats a change as a stop request.
 * Returns a function that stops watching.
 */
export function whenOrphaned(onOrphaned: () => void, pollMs = DEFAULT_POLL_MS): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onOrphaned();
  }, pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
