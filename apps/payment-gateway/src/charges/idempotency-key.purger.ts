import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GatewayConfig } from '../config/gateway.config';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** Deletes expired keys now and then so the table stays small (expiry itself is checked on use). */
@Injectable()
export class IdempotencyKeyPurger implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyKeyPurger.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly keys: IdempotencyKeysRepository,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.keys
        .purgeExpired()
        .then((count) => count > 0 && this.logger.log({ count }, 'purged expired idempotency keys'))
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'idempotency key purge failed'),
        );
    }, this.config.IDEMPOTENCY_PURGE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
