import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { GatewayChargeLookup, idempotencyKeySchema } from '@paystream/contracts';
import { ZodValidationPipe } from '@paystream/http';
import { ChargesService } from './charges.service';

@ApiTags('charges')
@Controller('v1/idempotency-keys')
export class IdempotencyKeysController {
  constructor(private readonly charges: ChargesService) {}

  @Post(':key/fence')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make "no charge for this key" final',
    description:
      'When no charge exists for the key and no live request holds it (an in-flight lock older than IDEMPOTENCY_LOCK_TIMEOUT_MS ' +
      'is abandoned), the key is fenced: state `fenced`, and every later charge with it answers 409 idempotency_key_fenced, ' +
      'charging nothing. Otherwise answers like the lookup (`completed` with the charge, or `in_flight`). Idempotent.',
  })
  @ApiResponse({ status: 200, description: '{state: fenced | completed | in_flight, charge}' })
  fence(
    @Param('key', new ZodValidationPipe(idempotencyKeySchema, 'key')) key: string,
  ): Promise<GatewayChargeLookup> {
    return this.charges.fence(key);
  }
}
