/** An unpublished outbox row as the relay reads it. */
export interface OutboxRow {
  /** BIGSERIAL position, as a string (bigint-safe). */
  id: string;
  eventId: string;
  topic: string;
  key: string;
  /** The event's JSON, as its writer stored it; published byte for byte. */
  payload: string;
  headers: Record<string, string>;
}
