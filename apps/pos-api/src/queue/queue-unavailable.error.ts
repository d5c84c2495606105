/** The job could not be confirmed on the queue (Redis down, refused or silent) before the deadline. */
export class QueueUnavailableError extends Error {
  constructor(reason: string) {
    super(`payment queue unavailable: ${reason}`);
    this.name = 'QueueUnavailableError';
  }
}
