import { Module } from '@nestjs/common';
import { ChargeResultsConsumer } from './charge-results.consumer';
import { ChargeResultsWriter } from './charge-results.writer';
import { DbSinkMetrics } from './db-sink.metrics';

@Module({ providers: [ChargeResultsWriter, DbSinkMetrics, ChargeResultsConsumer] })
export class SinkModule {}
