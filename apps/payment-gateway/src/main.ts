import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import { GATEWAY_SERVICE_NAME, gatewayConfigSchema } from './config/gateway.config';
import { GATEWAY_OPENAPI } from './openapi/gateway-openapi';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GATEWAY_SERVICE_NAME, gatewayConfigSchema);
  await startHttpApp(AppModule.forRoot(config), {
    service: GATEWAY_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: GATEWAY_OPENAPI,
  });
}

void main();
