import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  PAYMENT_MODE_HEADER,
  POS_PAYMENT_MODES,
  posPaymentIdSchema,
  PosPaymentRequest,
  posPaymentRequestSchema,
} from '@paystream/contracts';
import { IdempotencyKey, ZodValidationPipe, zodOpenApiSchema } from '@paystream/http';
import type { Response } from 'express';
import { z } from 'zod';
import { PaymentView } from './payment-view';
import { PaymentsService } from './payments.service';

const modeSchema = z
  .enum(POS_PAYMENT_MODES, { error: `must be one of ${POS_PAYMENT_MODES.join(', ')}` })
  .optional();
// The whole query, strictly: "?via[a]=queue" or a typo is a 400, not a silent sync payment.
const QUERY_PIPE = new ZodValidationPipe(z.object({ via: modeSchema }).strict());
const MODE_HEADER_PIPE = new ZodValidationPipe(modeSchema, PAYMENT_MODE_HEADER);

@ApiTags('payments')
@Controller('pos/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @ApiOperation({
    summary: 'Pay at the till (blocks until approved, declined, unavailable or the deadline)',
    description:
      'Replaying the same Idempotency-Key returns the stored outcome (same status code), never a second charge. ' +
      '`?via=queue` or header x-payment-mode: queue carries the payment over BullMQ (hybrid) with the same deadline.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiHeader({ name: PAYMENT_MODE_HEADER, required: false, enum: POS_PAYMENT_MODES })
  @ApiQuery({ name: 'via', required: false, enum: POS_PAYMENT_MODES })
  @ApiBody({ schema: zodOpenApiSchema(posPaymentRequestSchema) })
  @ApiResponse({ status: 201, description: 'approved (a sale is recorded)' })
  @ApiResponse({
    status: 400,
    description: 'validation_failed / malformed_json: nothing stored, gateway not called',
  })
  @ApiResponse({ status: 402, description: 'card_declined (declineCode says why)' })
  @ApiResponse({
    status: 409,
    description: 'payment_in_progress (a duplicate while the first waits)',
  })
  @ApiResponse({ status: 413, description: 'body_too_large' })
  @ApiResponse({ status: 422, description: 'idempotency_key_reused' })
  @ApiResponse({ status: 503, description: 'gateway_unavailable or circuit_open: nothing charged' })
  @ApiResponse({
    status: 504,
    description: 'gateway_timeout: resolved in the background (late approvals voided)',
  })
  async pay(
    @IdempotencyKey() key: string,
    @Body(new ZodValidationPipe(posPaymentRequestSchema)) body: PosPaymentRequest,
    @Headers(PAYMENT_MODE_HEADER) rawModeHeader: string | undefined,
    @Query() rawQuery: unknown,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentView> {
    const mode =
      QUERY_PIPE.transform(rawQuery).via ?? MODE_HEADER_PIPE.transform(rawModeHeader) ?? 'sync';
    const answer = await this.payments.pay(body, key, mode);
    res.status(answer.status);
    return answer.body;
  }

  @Get(':id')
  @ApiOperation({ summary: 'A payment with its attempts and, after a timeout, its resolution' })
  async get(
    @Param('id', new ZodValidationPipe(posPaymentIdSchema, 'id')) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PaymentView> {
    const answer = await this.payments.get(id);
    res.status(200);
    return answer.body;
  }
}
