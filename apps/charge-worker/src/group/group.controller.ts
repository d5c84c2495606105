import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG } from '@paystream/config';
import { GroupView, KAFKA_ADMIN, describeGroupView } from '@paystream/kafka';
import { Admin } from 'kafkajs';
import { ChargeWorkerConfig } from '../config/charge-worker.config';

/** The consumer group as Kafka sees it: members, their partitions, lag, idle members. */
@ApiTags('group')
@Controller('group')
export class GroupController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig,
    @Inject(KAFKA_ADMIN) private readonly admin: Admin,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      "The charge workers' consumer group: members, partitions, lag per partition, idle members",
  })
  view(): Promise<GroupView> {
    return describeGroupView(this.admin, this.config.CONSUMER_GROUP, this.config.CHARGES_TOPIC);
  }
}
