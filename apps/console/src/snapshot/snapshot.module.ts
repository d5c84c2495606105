import { Module } from '@nestjs/common';
import { AppsReader } from './apps.reader';
import { DatabaseReader } from './database.reader';
import { KafkaReader } from './kafka.reader';
import { QueuesReader } from './queues.reader';
import { SnapshotController } from './snapshot.controller';
import { SnapshotService } from './snapshot.service';

@Module({
  controllers: [SnapshotController],
  providers: [KafkaReader, DatabaseReader, QueuesReader, AppsReader, SnapshotService],
  exports: [AppsReader, SnapshotService],
})
export class SnapshotModule {}
