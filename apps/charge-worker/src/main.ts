import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import {
  CHARGE_WORKER_SERVICE_NAME,
  chargeWorkerConfigSchema,
} from './config/charge-worker.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(CHARGE_WORKER_SERVICE_NAME, chargeWorkerConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    service: CHARGE_WORKER_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: {
      title: 'Paystream charge worker',
      description: 'Toll charges consumer group: health, metrics, group view',
    },
  });
}

void main();
