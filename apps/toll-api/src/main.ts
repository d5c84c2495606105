import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import { TOLL_API_SERVICE_NAME, tollApiConfigSchema } from './config/toll-api.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(TOLL_API_SERVICE_NAME, tollApiConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    service: TOLL_API_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: {
      title: 'Paystream toll-api',
      description:
        'Motorway toll plaza (asynchronous): records exits, the barrier opens, charges settle later',
    },
  });
}

void main();
