import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_TOKEN_HEADER, gatewayFaultsSchema } from '@paystream/contracts';
import { ZodValidationPipe } from '@paystream/http';
import { z } from 'zod';
import { ConsoleAdminGuard } from './console-admin.guard';
import { ControlsService } from './controls.service';

const faultsChangeSchema = gatewayFaultsSchema.partial().strict();
const workerActionSchema = z
  .object({ action: z.enum(['add', 'stop'], { error: "must be 'add' or 'stop'" }) })
  .strict();
const brokerActionSchema = z
  .object({
    action: z.enum(['stop', 'start'], { error: "must be 'stop' or 'start'" }),
    nodeId: z.number({ error: 'must be a broker node id' }).int().min(0),
  })
  .strict();

@ApiTags('console controls')
@ApiHeader({ name: ADMIN_TOKEN_HEADER, required: true, description: "the gateway's admin token" })
@UseGuards(ConsoleAdminGuard)
@Controller('api/controls')
export class ControlsController {
  constructor(private readonly controls: ControlsService) {}

  @Post('gateway-faults')
  @HttpCode(200)
  @ApiOperation({
    summary: "Change the gateway's faults (down, latency, hang rate …) through its admin API",
  })
  gatewayFaults(
    @Body(new ZodValidationPipe(faultsChangeSchema)) change: z.infer<typeof faultsChangeSchema>,
  ): Promise<unknown> {
    return this.controls.setGatewayFaults(change);
  }

  @Post('workers')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add a charge-worker, or stop the newest (npm start only)' })
  workers(
    @Body(new ZodValidationPipe(workerActionSchema)) body: z.infer<typeof workerActionSchema>,
  ): Promise<unknown> {
    return this.controls.supervise('/workers', body);
  }

  @Post('brokers')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop (SIGKILL) or start a Kafka broker (npm start only)' })
  brokers(
    @Body(new ZodValidationPipe(brokerActionSchema)) body: z.infer<typeof brokerActionSchema>,
  ): Promise<unknown> {
    return this.controls.supervise('/brokers', body);
  }
}
