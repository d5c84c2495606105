import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN_TOKEN_HEADER } from '@paystream/contracts';
import { ZodValidationPipe } from '@paystream/http';
import { z } from 'zod';
import { ConsoleAdminGuard } from '../controls/console-admin.guard';
import { DeadLettersService, DeadLetterView } from './dead-letters.service';

const topicSchema = z.enum(['charges', 'results'], { error: "must be 'charges' or 'results'" });
const replaySchema = z
  .object({ eventId: z.uuid({ error: 'must be an event id (UUID)' }).optional() })
  .strict();

@ApiTags('console')
@Controller('api/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get(':topic')
  @ApiOperation({
    summary:
      'Dead letters of the charges or results topic, newest first, with their reason headers',
  })
  list(
    @Param('topic', new ZodValidationPipe(topicSchema, 'topic')) topic: z.infer<typeof topicSchema>,
  ): Promise<DeadLetterView[]> {
    return this.deadLetters.list(topic);
  }

  @Post(':topic/replay')
  @HttpCode(200)
  @UseGuards(ConsoleAdminGuard)
  @ApiHeader({ name: ADMIN_TOKEN_HEADER, required: true })
  @ApiOperation({
    summary: 'Re-drive one dead letter (eventId) or all of them to their original topic',
  })
  replay(
    @Param('topic', new ZodValidationPipe(topicSchema, 'topic')) topic: z.infer<typeof topicSchema>,
    @Body(new ZodValidationPipe(replaySchema)) body: z.infer<typeof replaySchema>,
  ): Promise<{ replayed: number; skipped: number }> {
    return this.deadLetters.replay(topic, body.eventId);
  }
}
