import { HEADERS, JSON_CONTENT_TYPE } from '@paystream/contracts';

export interface EventHeaderInput {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  occurredAt: Date;
  /** W3C traceparent of the request that caused the event, when there was one. */
  traceparent?: string;
}

/** The standard record headers (HEADERS in @paystream/contracts) as strings. */
export function eventHeaders(input: EventHeaderInput): Record<string, string> {
  return {
    [HEADERS.eventId]: input.eventId,
    [HEADERS.eventType]: input.eventType,
    [HEADERS.schemaVersion]: String(input.schemaVersion),
    [HEADERS.occurredAt]: input.occurredAt.toISOString(),
    [HEADERS.contentType]: JSON_CONTENT_TYPE,
    ...(input.traceparent ? { [HEADERS.traceparent]: input.traceparent } : {}),
  };
}
