import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import { DB_SINK_SERVICE_NAME, dbSinkConfigSchema } from './config/db-sink.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(DB_SINK_SERVICE_NAME, dbSinkConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    service: DB_SINK_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: {
      title: 'Paystream db-sink',
      description: 'Kafka → Postgres sink of toll charge results: health and metrics',
    },
  });
}

void main();
