import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GatewayCharge } from '@paystream/contracts';
import { Prisma, PrismaService } from '@paystream/db';
import { GatewayConfig } from '../config/gateway.config';
import { IdempotencyKeyInUseError } from './idempotency-key-in-use.error';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';

export type KeyClaim = { kind: 'owner' } | { kind: 'replay'; status: number; body: GatewayCharge };

/**
 * Stripe-style idempotency keys in gateway_idempotency_keys. The primary key
 * on `key` is the lock: the first INSERT wins, everyone else reads the row.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Takes the key (owner), or answers with the stored response, or refuses (422 / 409). */
  async claim(key: string, requestHash: string): Promise<KeyClaim> {
    // Two rounds at most: a row that expires between our INSERT and SELECT is retried once.
    for (let round = 0; round < 2; round++) {
      const now = new Date();
      // An expired key is forgotten: its stored response is no longer replayed.
      await this.prisma.gatewayIdempotencyKey.deleteMany({ where: { key, expiresAt: { lt: now } } });
      const inserted = await this.prisma.gatewayIdempotencyKey.createMany({
        data: [{ key, requestHash, state: 'in_flight', lockedAt: now, expiresAt: new Date(now.getTime() + this.config.IDEMPOTENCY_KEY_TTL_MS) }],
        skipDuplicates: true,
      });
      if (inserted.count === 1) return { kind: 'owner' };
      const row = await this.prisma.gatewayIdempotencyKey.findUnique({ where: { key } });
      if (!row) continue;
      if (row.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key);
      if (row.state === 'completed' && row.responseStatus !== null) {
        return { kind: 'replay', status: row.responseStatus, body: row.responseBody as unknown as GatewayCharge };
      }
      // A lock this old belongs to a request that crashed: take it over (compare-and-set on locked_at).
      const staleBefore = new Date(now.getTime() - this.config.IDEMPOTENCY_LOCK_TIMEOUT_MS);
      if (row.lockedAt && row.lockedAt < staleBefore) {
        const taken = await this.prisma.gatewayIdempotencyKey.updateMany({
          where: { key, state: 'in_flight', lockedAt: row.lockedAt },
          data: { lockedAt: now },
        });
        if (taken.count === 1) return { kind: 'owner' };
      }
      throw new IdempotencyKeyInUseError(key);
    }
    throw new IdempotencyKeyInUseError(key);
  }

  async complete(key: string, status: number, body: GatewayCharge): Promise<void> {
    await this.prisma.gatewayIdempotencyKey.updateMany({
      where: { key, state: 'in_flight' },
      data: { state: 'completed', responseStatus: status, responseBody: body as unknown as Prisma.InputJsonValue, lockedAt: null },
    });
  }

  /** Forgets an in-flight key whose request failed, so a retry runs again (5xx are not stored). */
  async release(key: string): Promise<void> {
    await this.prisma.gatewayIdempotencyKey.deleteMany({ where: { key, state: 'in_flight' } });
  }

  async state(key: string): Promise<'in_flight' | 'completed' | undefined> {
    const row = await this.prisma.gatewayIdempotencyKey.findUnique({ where: { key } });
    if (!row || row.expiresAt < new Date()) return undefined;
    return row.state;
  }

  async purgeExpired(): Promise<number> {
    const { count } = await this.prisma.gatewayIdempotencyKey.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    return count;
  }
}
