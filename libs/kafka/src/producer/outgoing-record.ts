/** A record to publish: the key routes and orders (not unique), the value is a JSON event. */
export interface OutgoingRecord {
  key: string;
  /** Serialized with JSON.stringify unless it is already a string or a Buffer. */
  value: unknown;
  /** Header values are UTF-8 strings (names from HEADERS in @paystream/contracts). */
  headers?: Record<string, string>;
}

/** Where the broker stored a record (one entry per partition written). */
export interface PublishedRecordMetadata {
  topic: string;
  partition: number;
  /**
   * First offset written in that partition by the request that carried the
   * send ('-1' with acks=none); concurrent sends of an idempotent producer can
   * share a request, and then its acknowledgements.
   */
  baseOffset: string;
}
