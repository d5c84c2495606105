import { ConflictException } from '@nestjs/common';
import { POS_ERROR_CODES } from '@paystream/contracts';

/** A duplicate arrived while the first request with the key is still waiting for the gateway. */
export class PaymentInProgressError extends ConflictException {
  constructor(paymentId: string) {
    super({
      statusCode: 409,
      error: POS_ERROR_CODES.paymentInProgress,
      message: `payment ${paymentId} with this Idempotency-Key is still in progress; retry to get its outcome`,
      paymentId,
    });
  }
}
