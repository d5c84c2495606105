import type { KafkaCluster, PostgresServer, RedisServer } from '../../../infra/src';

/**
 * What the global setup started, shared with the global teardown. Both run in
 * the same Jest parent process (workers never see this), so a globalThis slot
 * is enough.
 */
export interface InfraHandles {
  kafka?: KafkaCluster;
  postgres?: PostgresServer;
  redis?: RedisServer;
}

const KEY = '__PAYSTREAM_TEST_INFRA__';

export function infraHandles(): InfraHandles {
  const store = globalThis as unknown as Record<string, InfraHandles | undefined>;
  store[KEY] ??= {};
  return store[KEY];
}

export function clearInfraHandles(): void {
  delete (globalThis as unknown as Record<string, unknown>)[KEY];
}
