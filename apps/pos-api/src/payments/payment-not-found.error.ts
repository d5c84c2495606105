import { NotFoundException } from '@nestjs/common';
import { POS_ERROR_CODES } from '@paystream/contracts';

export class PaymentNotFoundError extends NotFoundException {
  constructor(id: string) {
    super({ statusCode: 404, error: POS_ERROR_CODES.paymentNotFound, message: `no payment ${id}` });
  }
}
