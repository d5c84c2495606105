import { KafkaUnavailableError } from './kafka-unavailable.error';
import { NotEnoughReplicasError } from './not-enough-replicas.error';
import { ProducerFencedError } from './producer-fenced.error';
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
/** The broker's answers to a producer whose transactional id has a newer owner. */
const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']);
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
  // The transaction coordinator (a transactional producer's) is down, moving or loading;
  // KafkaJS keeps the protocol's old names for these codes (14, 15, 16).
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
  'CONCURRENT_TRANSACTIONS',
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

/**
 * Turns whatever KafkaJS threw into one of the typed publish errors.
 * `transactionalId` is the sender's, when it sends in transactions.
 */
export function classifyPublishError(
  error: unknown,
  topic: string,
  transactionalId?: string,
): PublishFailedError {
  if (error instanceof PublishFailedError) return error;
  const errors = chain(error);
  if (transactionalId !== undefined && errors.some((e) => e.type && FENCED.has(e.type)))
    return new ProducerFencedError(transactionalId, error);
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
