/** The job was queued but no reply came before the deadline (the worker may still run it). */
export class QueueWaitTimeoutError extends Error {
  constructor(waitMs: number) {
    super(`no reply from the payment queue within ${waitMs} ms`);
    this.name = 'QueueWaitTimeoutError';
  }
}
