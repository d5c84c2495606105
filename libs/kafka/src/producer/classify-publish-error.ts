import { KafkaUnavailableError } from './kafka-unavailable.error';
import { NotEnoughReplicasError } from './not-enough-replicas.error';
import { PublishFailedError } from './publish-failed.error';

interface KafkaJsLikeError {
  name?: string;
  type?: string;
  message?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
  errors?: unknown[];
}

const NOT_ENOUGH_REPLICAS = new Set(['NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS_AFTER_APPEND']);
const UNAVAILABLE_NAMES = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
]);
const UNAVAILABLE_TYPES = new Set([
  'LEADER_NOT_AVAILABLE',
  'NOT_LEADER_FOR_PARTITION',
  'NOT_LEADER_OR_FOLLOWER',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'BROKER_NOT_AVAILABLE',
  'REPLICA_NOT_AVAILABLE',
]);

/** Every error in a KafkaJS error chain (retries-exceeded wraps the real cause). */
function chain(error: unknown): KafkaJsLikeError[] {
  const out: KafkaJsLikeError[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 20) {
    const current = queue.shift();
    if (!current || typeof current !== 'object') continue;
    const e = current as KafkaJsLikeError;
    out.push(e);
    queue.push(e.cause, e.originalError, ...(Array.isArray(e.errors) ? e.errors : []));
  }
  return out;
}

/** Turns whatever KafkaJS threw into one of the typed publish errors. */
export function classifyPublishError(error: unknown, topic: string): PublishFailedError {
  if (error instanceof PublishFailedError) return error;
  const errors = chain(error);
  if (errors.some((e) => e.type && NOT_ENOUGH_REPLICAS.has(e.type)))
    return new NotEnoughReplicasError(topic, error);
  const unavailable = errors.find(
    (e) => (e.name && UNAVAILABLE_NAMES.has(e.name)) || (e.type && UNAVAILABLE_TYPES.has(e.type)),
  );
  if (unavailable)
    return new KafkaUnavailableError(unavailable.message ?? String(unavailable.type), error);
  const first = errors[0];
  const message = first?.message ?? String(error);
  const retriable =
    errors.some((e) => e.retriable === true) || first?.name === 'KafkaJSNumberOfRetriesExceeded';
  return new PublishFailedError(`publishing to ${topic} failed: ${message}`, retriable, error);
}
