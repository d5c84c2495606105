import { Controller, Get, MessageEvent, Sse } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { concat, map, Observable, of } from 'rxjs';
import { ConsoleSnapshot, HistoryPoint } from './console-snapshot';
import { SnapshotService } from './snapshot.service';

@ApiTags('console')
@Controller('api')
export class SnapshotController {
  constructor(private readonly snapshots: SnapshotService) {}

  @Get('snapshot')
  @ApiOperation({ summary: 'The latest picture of the whole system (null in the first second)' })
  snapshot(): ConsoleSnapshot | null {
    return this.snapshots.latest ?? null;
  }

  @Get('history')
  @ApiOperation({
    summary: 'The recent points of the charts (lag, backlog, settled/s, till and toll answers)',
  })
  history(): HistoryPoint[] {
    return this.snapshots.recentHistory();
  }

  @Sse('stream')
  @ApiOperation({ summary: 'Server-sent events: one snapshot per interval, the latest one first' })
  stream(): Observable<MessageEvent> {
    const latest = this.snapshots.latest;
    return concat(latest ? of(latest) : of(), this.snapshots.stream).pipe(
      map((data) => ({ data })),
    );
  }
}
