/** A send was not acknowledged. `retriable` says whether trying again later can help. */
export class PublishFailedError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'PublishFailedError';
  }
}
