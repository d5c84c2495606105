import { Body, Controller, Get, Put, UseGuards } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_TOKEN_HEADER, GatewayFaults, gatewayFaultsSchema } from '@paystream/contracts';
import { ZodValidationPipe, zodOpenApiSchema } from '@paystream/http';
import { AdminTokenGuard } from './admin-token.guard';
import { FaultsService } from './faults.service';

const faultsChangeSchema = gatewayFaultsSchema.partial();

@ApiTags('admin')
@ApiHeader({
  name: ADMIN_TOKEN_HEADER,
  required: true,
  description: 'admin token from ADMIN_TOKEN',
})
@UseGuards(AdminTokenGuard)
@Controller('admin/faults')
export class FaultsController {
  constructor(private readonly faults: FaultsService) {}

  @Get()
  @ApiOperation({ summary: 'Current fault mode' })
  get(): GatewayFaults {
    return this.faults.get();
  }

  @Put()
  @ApiOperation({ summary: 'Change fault modes (fields not given keep their value)' })
  @ApiBody({ schema: zodOpenApiSchema(faultsChangeSchema) })
  put(
    @Body(new ZodValidationPipe(faultsChangeSchema)) change: Partial<GatewayFaults>,
  ): GatewayFaults {
    return this.faults.update(change);
  }
}
