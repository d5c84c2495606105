import 'reflect-metadata';
import { loadConfigOrExit } from '@paystream/config';
import { startHttpApp } from '@paystream/http';
import { AppModule } from './app.module';
import { OUTBOX_RELAY_SERVICE_NAME, outboxRelayConfigSchema } from './config/outbox-relay.config';

async function main(): Promise<void> {
  const config = loadConfigOrExit(OUTBOX_RELAY_SERVICE_NAME, outboxRelayConfigSchema);
  // HTTP only for /health and /metrics; SIGTERM closes the app, which lets the relay finish its batch.
  await startHttpApp(AppModule.forRoot(config), {
    service: OUTBOX_RELAY_SERVICE_NAME,
    port: config.PORT,
    host: config.HOST,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    openApi: {
      title: 'Paystream outbox-relay',
      description: 'Database → Kafka relay: health and metrics only',
    },
  });
}

void main();
