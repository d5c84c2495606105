import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { GatewayCharge, GatewayChargeLookup, GatewayChargeRequest } from '@paystream/contracts';
import {
  SqlService,
  type GatewayCharge as GatewayChargeRow,
  type GatewayIdempotencyKey,
} from '@paystream/db';
import { GatewayConfig } from '../config/gateway.config';
import { chargeHttpStatus, toChargeView } from './charge-view';
import { IdempotencyKeyFencedError } from './idempotency-key-fenced.error';
import { IdempotencyKeyInUseError } from './idempotency-key-in-use.error';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';
import { findChargeByKeyStatement } from './charges.sql';
import {
  claimKeyStatement,
  completeKeyStatement,
  deleteExpiredKeysStatement,
  findKeyStatement,
  insertFenceStatement,
  recordChargeStatement,
  releaseKeyStatement,
  takeOverKeyStatement,
  type RecordChargeRow,
} from './idempotency-keys.sql';

/** `lockedAt` identifies this owner's lock: every later write is conditional on it still being ours. */
export type KeyClaim =
  { kind: 'owner'; lockedAt: Date } | { kind: 'replay'; status: number; body: GatewayCharge };

/** Thrown inside the fence transaction to undo it when a charge turns out to exist. */
class ChargeExists {
  constructor(readonly charge: GatewayChargeRow) {}
}

/**
 * Stripe-style idempotency keys in gateway_idempotency_keys. The primary key
 * on `key` is the lock: the first INSERT wins, everyone else reads the row.
 * A charge is only inserted while its key's lock is held (same transaction),
 * so taking a lock over (abandoned request) or fencing a key really stops
 * the old owner from charging.
 */
@Injectable()
export class IdempotencyKeysRepository {
  constructor(
    private readonly sql: SqlService,
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
  ) {}

  /** Takes the key (owner), or answers with the charge as it stands now (replay), or refuses (422 / 409). */
  async claim(key: string, requestHash: string): Promise<KeyClaim> {
    // Two rounds at most: a row that expires between our INSERT and SELECT is retried once.
    for (let round = 0; round < 2; round++) {
      const now = new Date();
      // Inserted, or an expired key replaced (its stored response is no longer replayed; a fence
      // never expires): one statement, see idempotency-keys.sql.ts.
      const taken = await this.sql.execute(
        claimKeyStatement(key, requestHash, now, this.expiryFrom(now)),
      );
      if (taken === 1) return { kind: 'owner', lockedAt: now };
      const row = await this.sql.queryOne<GatewayIdempotencyKey>(findKeyStatement(key));
      if (!row) continue;
      if (row.state === 'fenced') throw new IdempotencyKeyFencedError(key);
      if (row.requestHash !== requestHash) throw new IdempotencyKeyReusedError(key);
      if (row.state === 'completed' && row.responseStatus !== null) return this.replay(key, row);
      // A lock this old belongs to a request that crashed: take it over (compare-and-set on locked_at).
      if (this.abandoned(row, now)) {
        const taken = await this.sql.execute(
          takeOverKeyStatement(key, row.lockedAt, 'in_flight', now),
        );
        if (taken === 1) return { kind: 'owner', lockedAt: now };
      }
      throw new IdempotencyKeyInUseError(key);
    }
    throw new IdempotencyKeyInUseError(key);
  }

  /**
   * Inserts the charge while holding the key's lock (one statement whose UPDATE
   * locks the key row): an owner whose lock was taken over or fenced
   * meanwhile charges nothing. The UNIQUE on idempotency_key is the last line
   * of defence: an existing charge for the key (crashed request taken over,
   * or a key whose stored response expired) is the answer.
   */
  async recordCharge(
    key: string,
    lockedAt: Date,
    request: GatewayChargeRequest,
    hash: string,
    declineCode: string | null,
  ): Promise<GatewayChargeRow> {
    const [{ held, ...inserted }] = await this.sql.query<RecordChargeRow>(
      recordChargeStatement(key, lockedAt, request, hash, declineCode),
    );
    if (!held) throw new IdempotencyKeyInUseError(key);
    // Nothing inserted while holding the lock: the key already has its charge, which is the answer.
    const charge =
      inserted.id !== null
        ? (inserted as GatewayChargeRow)
        : await this.sql.queryOne<GatewayChargeRow>(findChargeByKeyStatement(key));
    if (!charge) throw new Error(`idempotency key ${key} holds no charge and inserted none`);
    if (charge.requestHash !== hash) throw new IdempotencyKeyReusedError(key);
    return charge;
  }

  async complete(key: string, lockedAt: Date, status: number, body: GatewayCharge): Promise<void> {
    await this.sql.execute(completeKeyStatement(key, lockedAt, status, body));
  }

  /** Forgets an in-flight key whose request failed before charging, so a retry runs again (5xx are not stored). */
  async release(key: string, lockedAt: Date): Promise<void> {
    await this.sql.execute(releaseKeyStatement(key, lockedAt));
  }

  /** Key state and charge from one snapshot (REPEATABLE READ), so "completed" always comes with its charge. */
  async lookup(key: string): Promise<GatewayChargeLookup> {
    const [row, charge] = await this.sql.transaction(
      async (tx) =>
        [
          await tx.queryOne<GatewayIdempotencyKey>(findKeyStatement(key)),
          await tx.queryOne<GatewayChargeRow>(findChargeByKeyStatement(key)),
        ] as const,
      'repeatable read',
    );
    return {
      idempotencyKey: key,
      state: this.stateOf(row, charge, new Date()),
      charge: charge ? toChargeView(charge) : null,
    };
  }

  /**
   * Makes "not found" final: when no charge exists and no live request holds
   * the key, the key is fenced (later charges with it are refused). A live
   * in-flight request or an existing charge is reported instead, unfenced.
   */
  async fence(key: string): Promise<GatewayChargeLookup> {
    try {
      return await this.sql.transaction(async (tx) => {
        const now = new Date();
        await tx.execute(deleteExpiredKeysStatement(now, key));
        let fenced = (await tx.execute(insertFenceStatement(key, this.expiryFrom(now)))) === 1;
        if (!fenced) {
          const row = await tx.queryOne<GatewayIdempotencyKey>(findKeyStatement(key));
          if (row?.state === 'fenced') fenced = true;
          else if (row && this.abandoned(row, now)) {
            // The request holding the key died: fence it, exactly as a new charge would take it over.
            const taken = await tx.execute(takeOverKeyStatement(key, row.lockedAt, 'fenced', null));
            fenced = taken === 1;
          }
        }
        const charge = await tx.queryOne<GatewayChargeRow>(findChargeByKeyStatement(key));
        if (fenced && charge) throw new ChargeExists(charge);
        if (fenced) return { idempotencyKey: key, state: 'fenced' as const, charge: null };
        const row = await tx.queryOne<GatewayIdempotencyKey>(findKeyStatement(key));
        return {
          idempotencyKey: key,
          state: this.stateOf(row, charge, now),
          charge: charge ? toChargeView(charge) : null,
        };
      });
    } catch (error) {
      // A charge already exists (its key expired, or its owner died after charging): never fence, report it.
      if (error instanceof ChargeExists)
        return { idempotencyKey: key, state: 'completed', charge: toChargeView(error.charge) };
      throw error;
    }
  }

  async purgeExpired(): Promise<number> {
    return this.sql.execute(deleteExpiredKeysStatement(new Date()));
  }

  /** A replay answers with the charge as it is now (a voided charge is never replayed as approved). */
  private async replay(key: string, row: GatewayIdempotencyKey): Promise<KeyClaim> {
    const charge = await this.sql.queryOne<GatewayChargeRow>(findChargeByKeyStatement(key));
    if (!charge)
      return {
        kind: 'replay',
        status: row.responseStatus ?? 500,
        body: row.responseBody as unknown as GatewayCharge,
      };
    const body = toChargeView(charge);
    return { kind: 'replay', status: chargeHttpStatus(body), body };
  }

  private stateOf(
    row: GatewayIdempotencyKey | null,
    charge: GatewayChargeRow | null,
    now: Date,
  ): GatewayChargeLookup['state'] {
    const live = row && (row.state === 'fenced' || row.expiresAt >= now) ? row : null;
    if (!live) return charge ? 'completed' : 'unknown';
    // An abandoned lock is treated as a new charge treats it: nobody is working on the key any more.
    if (live.state === 'in_flight' && this.abandoned(live, now))
      return charge ? 'completed' : 'unknown';
    return live.state;
  }

  private abandoned(
    row: GatewayIdempotencyKey,
    now: Date,
  ): row is GatewayIdempotencyKey & { lockedAt: Date } {
    return (
      row.state === 'in_flight' &&
      row.lockedAt !== null &&
      row.lockedAt.getTime() < now.getTime() - this.config.IDEMPOTENCY_LOCK_TIMEOUT_MS
    );
  }

  private expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.IDEMPOTENCY_KEY_TTL_MS);
  }
}
