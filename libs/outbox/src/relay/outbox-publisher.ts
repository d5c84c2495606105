import { OutboxRow } from './outbox-row';

/** Where the relay sends rows. Resolves only once every row is acknowledged. */
export interface OutboxPublisher {
  /**
   * Connects now rather than at the first publish; the relay calls it on becoming active.
   * `beforeConnect` throws when the caller may no longer publish.
   */
  connect(beforeConnect?: () => void): Promise<void>;
  /**
   * `beforeEachSend` is called right before each send to Kafka (resends too)
   * and throws when the caller may no longer publish.
   */
  publish(rows: OutboxRow[], beforeEachSend?: () => void): Promise<void>;
  /** Drop the underlying connection/session after a failure so the next publish starts clean. */
  reset(): Promise<void>;
  readonly isConnected: boolean;
  close(): Promise<void>;
}
