import { Body, Controller, Headers, HttpCode, Post, Res, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IdempotencyKey, ZodValidationPipe } from '@paystream/http';
import type { Response } from 'express';
import { DatabaseUnavailableInterceptor } from '../database/database-unavailable.interceptor';
import { ExitAccepted } from './exit-accepted';
import { ExitRequest, exitRequestSchema } from './exit-request.schema';
import { ExitsService } from './exits.service';

@ApiTags('toll')
@Controller('toll/exits')
@UseInterceptors(DatabaseUnavailableInterceptor)
export class ExitsController {
  constructor(private readonly exits: ExitsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Record a vehicle exit: the barrier opens, the charge is settled later',
    description:
      'Writes the exit, a PENDING charge and an outbox event in one transaction. Never calls the gateway or Kafka. ' +
      'Body: {plazaId, laneId, plate, vehicleClass, cardToken, entryPlazaId?, exitedAt?}.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: "The lane's event id; a retry with it returns the same charge",
  })
  @ApiHeader({
    name: 'traceparent',
    required: false,
    description: 'W3C trace context, copied into the event headers',
  })
  @ApiResponse({
    status: 202,
    description: '{chargeId, exitId, status, barrier: OPEN, fee {amountMinor, currency}}',
  })
  @ApiResponse({
    status: 400,
    description: 'invalid body or Idempotency-Key (field and reason); nothing written',
  })
  @ApiResponse({
    status: 422,
    description: 'no tariff for the vehicle class and route, or key reused with other details',
  })
  @ApiResponse({ status: 503, description: 'database unavailable; nothing written' })
  async record(
    // The lane's event id (the one key rule of libs/contracts): a retried exit sends the same key.
    // Declared before @Body, so a bad body is named first.
    @IdempotencyKey() idempotencyKey: string,
    @Body(new ZodValidationPipe(exitRequestSchema)) body: ExitRequest,
    @Headers('traceparent') traceparent: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ExitAccepted> {
    const recorded = await this.exits.recordExit(
      idempotencyKey,
      body,
      validTraceparent(traceparent),
    );
    if (recorded.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return recorded.accepted;
  }
}

/** Only a well-formed W3C traceparent is carried into the event. */
function validTraceparent(value: string | undefined): string | undefined {
  return value && /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/.test(value)
    ? value
    : undefined;
}
