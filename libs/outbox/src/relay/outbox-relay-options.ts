import { RelayRole } from './relay-role';

export interface OutboxRelayOptions {
  databaseUrl: string;
  /** Rows per publish (one Kafka request). */
  batchSize: number;
  /** Safety poll when no notification arrives (notifications are lost while disconnected). */
  pollIntervalMs: number;
  /** How often a standby tries to take the lock. */
  standbyPollMs: number;
  /** pg advisory lock key shared by every relay of one outbox. */
  lockKey: number;
  backoffMinMs: number;
  backoffMaxMs: number;
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
  onConnectionError?(error: Error): void;
}
