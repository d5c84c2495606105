/** An event to publish, written in the same transaction as the business change. */
export interface NewOutboxEvent {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  /** What the event is about (e.g. 'toll_charge' + the charge id). */
  aggregateType: string;
  aggregateId: string;
  topic: string;
  /** Kafka record key: routes and orders (the plate), not unique. */
  key: string;
  /** The record value (a contract event, already validated). */
  payload: Record<string, unknown>;
  /** Kafka headers (names from HEADERS in @paystream/contracts). */
  headers: Record<string, string>;
  occurredAt: Date;
}
