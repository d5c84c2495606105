import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  GatewayCharge,
  gatewayChargeIdSchema,
  GatewayChargeLookup,
  GatewayChargeRequest,
  gatewayChargeRequestSchema,
  idempotencyKeySchema,
  IDEMPOTENT_REPLAYED_HEADER,
} from '@paystream/contracts';
import { IdempotencyKey, ZodValidationPipe, zodOpenApiSchema } from '@paystream/http';
import type { Response } from 'express';
import { ChargesService } from './charges.service';

const ID_PIPE = new ZodValidationPipe(gatewayChargeIdSchema, 'id');

@ApiTags('charges')
@Controller('v1/charges')
export class ChargesController {
  constructor(private readonly charges: ChargesService) {}

  @Post()
  @ApiOperation({
    summary: 'Charge a card token',
    description:
      'Outcome by token: tok_visa approves; tok_insufficient_funds, tok_card_declined, tok_expired_card, tok_incorrect_cvc ' +
      'decline (402, body is the declined charge); tok_timeout approves but holds the reply for HOLD_MAX_MS; ' +
      'tok_server_error answers 500 (before anything is committed). Faults resetAfterCommitRate / serverErrorAfterCommitRate ' +
      'commit the charge and its stored response, then destroy the connection / answer 500. The first answer for an Idempotency-Key is stored and replayed ' +
      `(header ${IDEMPOTENT_REPLAYED_HEADER}: true); other parameters with the same key → 422; while the first is running → 409.`,
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ schema: zodOpenApiSchema(gatewayChargeRequestSchema) })
  @ApiResponse({ status: 200, description: 'approved' })
  @ApiResponse({ status: 402, description: 'declined (declineCode says why)' })
  @ApiResponse({ status: 409, description: 'idempotency_key_in_use' })
  @ApiResponse({ status: 422, description: 'idempotency_key_reused' })
  @ApiResponse({ status: 503, description: 'gateway_down' })
  async create(
    @IdempotencyKey() key: string,
    @Body(new ZodValidationPipe(gatewayChargeRequestSchema)) body: GatewayChargeRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GatewayCharge> {
    const answer = await this.charges.create(body, key);
    // Simulated reset after commit: the charge and its stored response exist, the caller gets no reply.
    if (answer.resetConnection) res.socket?.destroy();
    res.status(answer.status);
    if (answer.replayed) res.setHeader(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return answer.body;
  }

  @Get()
  @ApiOperation({
    summary: 'Look a charge up by its Idempotency-Key (state says whether it is still in flight)',
  })
  @ApiQuery({ name: 'idempotencyKey', required: true })
  lookup(
    @Query('idempotencyKey', new ZodValidationPipe(idempotencyKeySchema, 'idempotencyKey'))
    key: string,
  ): Promise<GatewayChargeLookup> {
    return this.charges.lookup(key);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A charge by id' })
  get(@Param('id', ID_PIPE) id: string): Promise<GatewayCharge> {
    return this.charges.get(id);
  }

  @Post(':id/void')
  @ApiOperation({
    summary: 'Void an approved charge',
    description:
      'Idempotent: an already voided charge answers 200 with the same body. Unknown → 404; declined → 409.',
  })
  @ApiResponse({ status: 200, description: 'voided (now or before)' })
  @ApiResponse({ status: 400, description: 'validation_failed: id is not a uuid' })
  @ApiResponse({ status: 404, description: 'charge_not_found' })
  @ApiResponse({ status: 409, description: 'charge_not_voidable (declined)' })
  async void(
    @Param('id', ID_PIPE) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<GatewayCharge> {
    res.status(200);
    return this.charges.void(id);
  }
}
