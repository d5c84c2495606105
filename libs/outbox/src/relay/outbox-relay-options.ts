import { OutboxRow } from './outbox-row';
import { RelayRole } from './relay-role';

export interface OutboxRelayOptions {
  databaseUrl: string;
  /** Rows per publish (one Kafka request). */
  batchSize: number;
  /** Safety poll when no notification arrives (notifications are lost while disconnected). */
  pollIntervalMs: number;
  /** How often a standby tries to take the lock. */
  standbyPollMs: number;
  /**
   * How long a silent session keeps the lock: Postgres ends the session after
   * this much silence (so a frozen or cut-off active relay is replaced within
   * about leaseMs + standbyPollMs), and a relay sends only while its session
   * answered a query sent less than leaseMs / 2 ago.
   */
  leaseMs: number;
  /** pg advisory lock key shared by every relay of one outbox. */
  lockKey: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /**
   * A row that failed this many times on its own (sent alone, for a reason of
   * its own: unknown topic, too large) is held: left out with its key's later
   * rows until an operator releases or dead-letters it.
   */
  holdAfterAttempts: number;
  /** Published rows older than this are deleted. */
  retentionMs: number;
  cleanupIntervalMs: number;
  /** LISTEN channel of the outbox insert trigger. */
  channel: string;
}

/** Hooks for logs and metrics, so the engine stays free of Nest and prom-client. */
export interface OutboxRelayHooks {
  onRoleChange?(role: RelayRole, previous: RelayRole): void;
  onBatchPublished?(rows: number, seconds: number): void;
  onPublishFailed?(
    error: Error,
    rows: number,
    consecutiveFailures: number,
    retryInMs: number,
  ): void;
  onCleanup?(deleted: number): void;
  /** A row was held as unpublishable; its key's later rows wait behind it. */
  onRowHeld?(row: OutboxRow, error: Error, attempts: number): void;
  onConnectionError?(error: Error): void;
  /** Connecting the publisher on becoming active failed (the first publish tries again). */
  onPublisherConnectFailed?(error: Error): void;
}
