/** An unpublished outbox row as the relay reads it. */
export interface OutboxRow {
  /** BIGSERIAL position, as a string (bigint-safe). */
  id: string;
  eventId: string;
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string>;
  createdAt: Date;
}
