import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG } from '@paystream/config';
import {
  Currency,
  eventEnvelopeHeaders,
  TOLL_CHARGE_REQUESTED_V1,
  TollChargeRequestedV1,
  tollChargeRequestedV1Schema,
} from '@paystream/contracts';
import { SqlService, TollCharge, TollChargeStatus, TollExit } from '@paystream/db';
import {
  exitByKeyStatement,
  splitChargeAndExit,
  type ChargeAndExitRow,
} from '../charges/charges.sql';
import { TollApiConfig } from '../config/toll-api.config';
import { ExitOutcomeUnknownError } from '../database/exit-outcome-unknown.error';
import { failedBeforeWriting } from '../database/failed-before-writing';
import { isDatabaseUnavailable } from '../database/is-database-unavailable';
import { isUniqueViolation } from '../database/is-unique-violation';
import { TariffNotFoundError } from '../tariffs/tariff-not-found.error';
import { Fee, TariffsService } from '../tariffs/tariffs.service';
import { ExitAccepted } from './exit-accepted';
import { exitIntakeStatement } from './exit-intake.sql';
import { ExitRequest } from './exit-request.schema';
import { IdempotencyKeyReusedError } from './idempotency-key-reused.error';

export interface RecordedExit {
  accepted: ExitAccepted;
  /** true when the key had already recorded this exit (nothing new was written). */
  replayed: boolean;
}

const AGGREGATE_TYPE = 'toll_charge';

@Injectable()
export class ExitsService {
  constructor(
    private readonly sql: SqlService,
    private readonly tariffs: TariffsService,
    @Inject(APP_CONFIG) private readonly config: TollApiConfig,
  ) {}

  /**
   * Exit + PENDING charge + outbox event in ONE transaction: all or nothing.
   * Never calls the gateway or Kafka — the relay publishes the outbox row.
   *
   * Optimistic about the idempotency key: a new exit (the common case) is
   * written straight away; a replay is recognised by the unique key's
   * violation and answered with the stored charge, so a new exit costs no
   * lookup and two racing retries still get one charge.
   */
  async recordExit(
    idempotencyKey: string,
    request: ExitRequest,
    traceparent?: string,
  ): Promise<RecordedExit> {
    const entryPlazaId = request.entryPlazaId ?? null;
    let fee: Fee;
    try {
      fee = await this.tariffs.feeFor(request.vehicleClass, entryPlazaId, request.plazaId);
    } catch (error) {
      // A retry of an exit recorded before its tariff was withdrawn still gets its charge back.
      const existing =
        error instanceof TariffNotFoundError ? await this.findByKey(idempotencyKey) : null;
      if (existing) return this.replay(existing, request);
      throw error;
    }
    const exitedAt = request.exitedAt ? new Date(request.exitedAt) : new Date();
    const exitId = randomUUID();
    const chargeId = randomUUID();
    const eventId = randomUUID();
    const occurredAt = new Date();
    const event: TollChargeRequestedV1 = tollChargeRequestedV1Schema.parse({
      eventId,
      schemaVersion: TOLL_CHARGE_REQUESTED_V1.schemaVersion,
      chargeId,
      plate: request.plate,
      vehicleClass: request.vehicleClass,
      plazaId: request.plazaId,
      laneId: request.laneId,
      entryPlazaId,
      exitedAt: exitedAt.toISOString(),
      amountMinor: fee.amountMinor,
      currency: fee.currency,
      cardToken: request.cardToken,
    });

    try {
      // One statement, one round trip (see exit-intake.sql.ts): atomic on its own, so no BEGIN/COMMIT.
      await this.sql.execute(
        exitIntakeStatement({
          exit: {
            id: exitId,
            idempotencyKey,
            plazaId: request.plazaId,
            laneId: request.laneId,
            plate: request.plate,
            vehicleClass: request.vehicleClass,
            entryPlazaId,
            exitedAt,
          },
          charge: {
            id: chargeId,
            cardToken: request.cardToken,
            amountMinor: fee.amountMinor,
            currency: fee.currency,
          },
          outbox: {
            eventId,
            ...TOLL_CHARGE_REQUESTED_V1,
            aggregateType: AGGREGATE_TYPE,
            aggregateId: chargeId,
            topic: this.config.TOLL_CHARGES_TOPIC,
            key: request.plate,
            payload: event,
            headers: eventEnvelopeHeaders({
              ...TOLL_CHARGE_REQUESTED_V1,
              eventId,
              occurredAt,
              traceparent,
            }),
            occurredAt,
          },
          now: occurredAt,
        }),
      );
    } catch (error) {
      // The connection died with the transaction under way, perhaps after the
      // server got COMMIT: "nothing was recorded" could be false. Only the same
      // key can tell, and a retry with it returns the one charge.
      if (isDatabaseUnavailable(error) && !failedBeforeWriting(error)) {
        throw new ExitOutcomeUnknownError();
      }
      // The key is already taken (a replay, or a racing retry that won): the
      // transaction rolled back on the unique key; answer with the stored charge.
      if (!isUniqueViolation(error)) throw error;
      const winner = await this.findByKey(idempotencyKey);
      if (!winner) throw error;
      return this.replay(winner, request);
    }
    return {
      replayed: false,
      accepted: { chargeId, exitId, status: TollChargeStatus.PENDING, barrier: 'OPEN', fee },
    };
  }

  private async findByKey(
    idempotencyKey: string,
  ): Promise<(TollExit & { charge: TollCharge | null }) | null> {
    const row = await this.sql.queryOne<ChargeAndExitRow>(exitByKeyStatement(idempotencyKey));
    if (!row) return null;
    const { exit, charge } = splitChargeAndExit(row);
    return { ...exit, charge };
  }

  private replay(
    existing: TollExit & { charge: TollCharge | null },
    request: ExitRequest,
  ): RecordedExit {
    const charge = existing.charge;
    if (!charge) throw new Error(`exit ${existing.id} has no charge`);
    const differs = [
      existing.plazaId !== request.plazaId && 'plazaId',
      existing.laneId !== request.laneId && 'laneId',
      existing.plate !== request.plate && 'plate',
      existing.vehicleClass !== request.vehicleClass && 'vehicleClass',
      (existing.entryPlazaId ?? null) !== (request.entryPlazaId ?? null) && 'entryPlazaId',
      charge.cardToken !== request.cardToken && 'cardToken',
    ].filter((f): f is string => typeof f === 'string');
    if (differs.length > 0) throw new IdempotencyKeyReusedError(differs);
    return {
      replayed: true,
      accepted: {
        chargeId: charge.id,
        exitId: existing.id,
        status: charge.status,
        barrier: 'OPEN',
        fee: { amountMinor: charge.amountMinor, currency: charge.currency as Currency },
      },
    };
  }
}
