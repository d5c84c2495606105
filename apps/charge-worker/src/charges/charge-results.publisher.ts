import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import {
  HEADERS,
  TOLL_CHARGE_RESULT_V1,
  TollChargeOutcome,
  TollChargeRequestedV1,
  TollChargeResultV1,
  eventEnvelopeHeaders,
  tollChargeResultV1Schema,
} from '@paystream/contracts';
import { EVENT_PRODUCER, EventProducer, buildDeadLetter } from '@paystream/kafka';
import { ChargeWorkerConfig } from '../config/charge-worker.config';
import { ChargeSource } from './charge.source';
import { resultEventId } from './result-event-id';

export interface ResultDetails {
  outcome: TollChargeOutcome;
  attempts: number;
  gatewayChargeId?: string | null;
  declineCode?: string | null;
  reason?: string | null;
}

/** Publishes a charge's one final outcome (key = plate) and, when it failed, its dead letter. */
@Injectable()
export class ChargeResultsPublisher {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ChargeWorkerConfig,
    @Inject(EVENT_PRODUCER) private readonly producer: EventProducer,
  ) {}

  async publishResult(
    charge: TollChargeRequestedV1,
    source: ChargeSource,
    details: ResultDetails,
  ): Promise<TollChargeResultV1> {
    const decidedAt = new Date();
    // Validated on the way out too: a malformed result must fail here, not in the sink.
    const result = tollChargeResultV1Schema.parse({
      eventId: resultEventId(charge.chargeId, details.outcome),
      schemaVersion: TOLL_CHARGE_RESULT_V1.schemaVersion,
      chargeId: charge.chargeId,
      plate: charge.plate,
      outcome: details.outcome,
      gatewayChargeId: details.gatewayChargeId ?? null,
      declineCode: details.declineCode ?? null,
      reason: details.reason ?? null,
      attempts: details.attempts,
      decidedAt: decidedAt.toISOString(),
    });
    const headers = eventEnvelopeHeaders({
      ...TOLL_CHARGE_RESULT_V1,
      eventId: result.eventId,
      occurredAt: decidedAt,
      traceparent: source.headers[HEADERS.traceparent],
    });
    await this.producer.send(this.config.CHARGE_RESULTS_TOPIC, [
      { key: charge.plate, value: result, headers },
    ]);
    return result;
  }

  async deadLetter(
    source: ChargeSource,
    cause: { reason: string; errorClass: string; attempts: number },
  ): Promise<void> {
    await this.producer.send(this.config.CHARGES_DLQ_TOPIC, [
      buildDeadLetter(source, { ...cause, consumerGroup: this.config.CONSUMER_GROUP }),
    ]);
  }
}
