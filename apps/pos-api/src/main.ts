import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import { POS_SERVICE_NAME, posConfigSchema } from './config/pos.config';
import { POS_OPENAPI } from './openapi/pos-openapi';

async function main(): Promise<void> {
  const config = loadConfigOrExit(POS_SERVICE_NAME, posConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    service: POS_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: POS_OPENAPI,
  });
}

void main();
