import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ZodValidationPipe } from '@paystream/http';
import { z } from 'zod';
import { Timeline } from './charge-timeline';
import { FollowService } from './follow.service';

const followQuerySchema = z
  .object({
    q: z
      .string({ error: 'is required: a plate, charge id, payment id or Idempotency-Key' })
      .trim()
      .min(1, 'is required: a plate, charge id, payment id or Idempotency-Key')
      // As long as the longest Idempotency-Key the one key rule allows (libs/contracts).
      .max(255, 'must be at most 255 characters')
      .regex(/^[A-Za-z0-9 _.:-]+$/, 'must be letters, digits, spaces or _ . : -'),
  })
  .strict();

@ApiTags('console')
@Controller('api/follow')
export class FollowController {
  private readonly queryPipe = new ZodValidationPipe(followQuerySchema);

  constructor(private readonly follow: FollowService) {}

  @Get()
  @ApiOperation({
    summary:
      'Follow payments across every system: by plate, charge id, payment id or Idempotency-Key',
  })
  @ApiQuery({ name: 'q', required: true })
  search(@Query() query: unknown): Promise<Timeline[]> {
    const { q } = this.queryPipe.transform(query);
    return this.follow.search(q);
  }
}
