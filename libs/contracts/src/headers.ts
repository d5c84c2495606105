/** Kafka header names. Values are UTF-8 strings. */
export const HEADERS = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  occurredAt: 'occurred-at',
  contentType: 'content-type',
  /** W3C trace context, carried from the HTTP request that caused the event. */
  traceparent: 'traceparent',
} as const;

/** Headers added when a record is dead-lettered: why, how often, and where it came from. */
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  errorClass: 'dlq-error-class',
  attempts: 'dlq-attempts',
  failedAt: 'dlq-failed-at',
  consumerGroup: 'dlq-consumer-group',
  originalTopic: 'dlq-original-topic',
  originalPartition: 'dlq-original-partition',
  originalOffset: 'dlq-original-offset',
  originalTimestamp: 'dlq-original-timestamp',
} as const;

/** Why a record was dead-lettered (value of DLQ_HEADERS.errorClass). */
export const DLQ_ERROR_CLASSES = {
  unparseable: 'unparseable',
  schemaInvalid: 'schema_invalid',
  retriesExhausted: 'retries_exhausted',
  unwritable: 'unwritable',
} as const;

export const JSON_CONTENT_TYPE = 'application/json';
