import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '@paystream/config';
import { ZodValidationPipe } from '@paystream/http';
import { TollApiConfig } from '../config/toll-api.config';
import { DatabaseUnavailableInterceptor } from '../database/database-unavailable.interceptor';
import { ChargeView } from './charge-view';
import { chargeIdSchema, ChargesQuery, chargesQuerySchema } from './charges-query.schema';
import { ChargesService } from './charges.service';

@ApiTags('toll')
@Controller('toll/charges')
@UseInterceptors(DatabaseUnavailableInterceptor)
export class ChargesController {
  private readonly queryPipe: ZodValidationPipe<ReturnType<typeof chargesQuerySchema>>;

  constructor(
    private readonly charges: ChargesService,
    @Inject(APP_CONFIG) config: TollApiConfig,
  ) {
    this.queryPipe = new ZodValidationPipe(chargesQuerySchema(config.CHARGES_LIST_MAX));
  }

  @Get()
  @ApiOperation({ summary: 'Charges of one vehicle, newest first (?plate=AB-123&limit=50)' })
  async list(@Query() query: unknown): Promise<{ plate: string; items: ChargeView[] }> {
    const { plate, limit } = this.queryPipe.transform(query) as ChargesQuery;
    return { plate, items: await this.charges.listByPlate(plate, limit) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One charge: status, fee, attempts, last error, decline code' })
  get(@Param('id', new ZodValidationPipe(chargeIdSchema, 'id')) id: string): Promise<ChargeView> {
    return this.charges.get(id);
  }
}
