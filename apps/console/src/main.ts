import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import { CONSOLE_SERVICE_NAME, consoleConfigSchema } from './config/console.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(CONSOLE_SERVICE_NAME, consoleConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    service: CONSOLE_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: {
      title: 'Paystream console',
      description:
        'The live picture: Kafka, the database, queues and the apps, as one page and one stream',
    },
  });
}

void main();
