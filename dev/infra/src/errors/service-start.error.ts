/**
 * A server we launched did not become ready (timed out or exited early).
 * Carries the tail of the server's own log, since that is where the real
 * reason (port clash, bad config, out of memory) is written.
 */
export class ServiceStartError extends Error {
  constructor(
    readonly service: string,
    reason: string,
    readonly logTail: string = '',
    readonly logFile?: string,
  ) {
    super(
      `${service} did not start: ${reason}` +
        (logFile
          ? `\n--- last lines of ${logFile} ---\n${logTail || '(empty)'}`
          : logTail
            ? `\n${logTail}`
            : ''),
    );
    this.name = 'ServiceStartError';
  }
}
