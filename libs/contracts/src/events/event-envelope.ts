import { HEADERS, JSON_CONTENT_TYPE } from '../headers';

/** Which event a record carries: its type and the version of its value's schema. */
export interface EventContract {
  eventType: string;
  schemaVersion: number;
}

/** An event's contract: its type and the schema version its zod schema accepts (a `schemaVersion` literal). */
export function eventContract<T extends string, V extends number>(
  eventType: T,
  schema: { shape: { schemaVersion: { value: V } } },
): { readonly eventType: T; readonly schemaVersion: V } {
  return { eventType, schemaVersion: schema.shape.schemaVersion.value };
}

/** What a record's standard headers say about the event it carries. */
export interface EventEnvelope extends EventContract {
  eventId: string;
  occurredAt: Date;
  /** W3C traceparent of the request that caused the event, when there was one. */
  traceparent?: string;
}

/**
 * The standard record headers (HEADERS) as strings: the one builder for every
 * producer of events (outbox writes, the worker's results, re-drives). Pass an
 * event's contract (`...TOLL_CHARGE_RESULT_V1`) so type and version come from its schema.
 */
export function eventEnvelopeHeaders(envelope: EventEnvelope): Record<string, string> {
  return {
    [HEADERS.eventId]: envelope.eventId,
    [HEADERS.eventType]: envelope.eventType,
    [HEADERS.schemaVersion]: String(envelope.schemaVersion),
    [HEADERS.occurredAt]: envelope.occurredAt.toISOString(),
    [HEADERS.contentType]: JSON_CONTENT_TYPE,
    ...(envelope.traceparent ? { [HEADERS.traceparent]: envelope.traceparent } : {}),
  };
}
