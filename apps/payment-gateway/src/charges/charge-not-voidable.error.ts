import { ConflictException } from '@nestjs/common';
import { GATEWAY_ERROR_CODES } from '@paystream/contracts';

/** Only an approved (or already voided) charge can be voided; a decline took nothing. */
export class ChargeNotVoidableError extends ConflictException {
  constructor(id: string, status: string) {
    super({
      statusCode: 409,
      error: GATEWAY_ERROR_CODES.chargeNotVoidable,
      message: `charge ${id} is ${status}; only approved charges can be voided`,
    });
  }
}
