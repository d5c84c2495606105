import { Injectable, Logger } from '@nestjs/common';
import { GatewayChargeLookup, GatewayChargeRequest, GatewayCharge } from '@paystream/contracts';
import { SqlService, type GatewayCharge as GatewayChargeRow } from '@paystream/db';
import { FaultsService } from '../faults/faults.service';
import { decideCardOutcome } from './card-outcome';
import { ChargeNotFoundError } from './charge-not-found.error';
import { ChargeNotVoidableError } from './charge-not-voidable.error';
import { findChargeStatement, voidChargeStatement } from './charges.sql';
import { chargeHttpStatus, toChargeView } from './charge-view';
import { GatewayMetrics } from './gateway.metrics';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { chargeRequestHash } from './request-hash';
import { SimulatedServerError } from './simulated-server-error.error';
import { StoredResponse } from './stored-response';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class ChargesService {
  private readonly logger = new Logger(ChargesService.name);

  constructor(
    private readonly sql: SqlService,
    private readonly keys: IdempotencyKeysRepository,
    private readonly faults: FaultsService,
    private readonly metrics: GatewayMetrics,
  ) {}

  async create(request: GatewayChargeRequest, idempotencyKey: string): Promise<StoredResponse> {
    this.metrics.chargeRequests.inc();
    try {
      this.faults.assertUp();
    } catch (error) {
      this.metrics.charges.inc({ outcome: 'down' });
      throw error;
    }
    const hash = chargeRequestHash(request);
    const claim = await this.keys.claim(idempotencyKey, hash).catch((error: unknown) => {
      this.metrics.charges.inc({ outcome: 'refused' });
      throw error;
    });
    if (claim.kind === 'replay') {
      this.metrics.replays.inc();
      return { status: claim.status, body: claim.body, replayed: true };
    }
    this.metrics.inFlight.inc();
    try {
      return await this.process(request, idempotencyKey, hash, claim.lockedAt);
    } catch (error) {
      // Failures before the charge are not stored: the key is released so a retry runs again
      // (after a commit the key is completed and this deletes nothing).
      await this.keys.release(idempotencyKey, claim.lockedAt).catch(() => undefined);
      this.metrics.charges.inc({
        outcome: error instanceof SimulatedServerError ? 'server_error' : 'error',
      });
      throw error;
    } finally {
      this.metrics.inFlight.dec();
    }
  }

  async get(id: string): Promise<GatewayCharge> {
    this.faults.assertUp();
    const row = UUID.test(id) ? await this.find(id) : null;
    if (!row) throw new ChargeNotFoundError(id);
    return toChargeView(row);
  }

  lookup(idempotencyKey: string): Promise<GatewayChargeLookup> {
    this.faults.assertUp();
    return this.keys.lookup(idempotencyKey);
  }

  /** Lookup that makes "not found" final: the key is fenced when no charge exists and nobody holds it. */
  async fence(idempotencyKey: string): Promise<GatewayChargeLookup> {
    this.faults.assertUp();
    const answer = await this.keys.fence(idempotencyKey);
    if (answer.state === 'fenced')
      this.logger.log({ idempotencyKey }, 'idempotency key fenced: no charge will be made with it');
    return answer;
  }

  /** Idempotent: voiding a voided charge answers 200 with the same charge (voidedAt unchanged). */
  async void(id: string): Promise<GatewayCharge> {
    this.faults.assertUp();
    if (!UUID.test(id)) throw new ChargeNotFoundError(id);
    const count = await this.sql.execute(voidChargeStatement(id, new Date()));
    const row = await this.find(id);
    if (!row) throw new ChargeNotFoundError(id);
    if (row.status === 'declined') throw new ChargeNotVoidableError(id, row.status);
    if (count === 1) {
      this.metrics.voids.inc();
      this.logger.log({ chargeId: id, idempotencyKey: row.idempotencyKey }, 'charge voided');
    }
    return toChargeView(row);
  }

  private find(id: string): Promise<GatewayChargeRow | null> {
    return this.sql.queryOne<GatewayChargeRow>(findChargeStatement(id));
  }

  private async process(
    request: GatewayChargeRequest,
    key: string,
    hash: string,
    lockedAt: Date,
  ): Promise<StoredResponse> {
    await this.faults.simulateLatency();
    const outcome = decideCardOutcome(request.cardToken);
    if (outcome.kind === 'server_error' || this.faults.rollError())
      throw new SimulatedServerError();
    const row = await this.keys.recordCharge(
      key,
      lockedAt,
      request,
      hash,
      outcome.kind === 'decline' ? outcome.code : null,
    );
    const body = toChargeView(row);
    const status = chargeHttpStatus(body);
    // The money moved (the row is committed); only the reply is late. The key stays in flight meanwhile.
    if (outcome.kind === 'approve_late' || this.faults.rollHang()) await this.faults.hold();
    await this.keys.complete(key, lockedAt, status, body);
    this.metrics.charges.inc({ outcome: body.status });
    // Faults after commit: the money moved and a retry replays the answer, but this caller never learns it.
    const after = this.faults.rollAfterCommit();
    if (after === 'server_error') throw new SimulatedServerError();
    return { status, body, replayed: false, resetConnection: after === 'reset' };
  }
}
