/**
 * Thrown (or produced by the decoder) when a record can never be processed:
 * the consumer dead-letters it and moves on instead of retrying forever.
 * `errorClass` is one of DLQ_ERROR_CLASSES in @paystream/contracts.
 */
export class RecordRejectedError extends Error {
  constructor(
    readonly errorClass: string,
    message: string,
    readonly attempts = 1,
  ) {
    super(message);
    this.name = 'RecordRejectedError';
  }
}
