import { Kafka, logLevel } from 'kafkajs';

/** "a:1, b:2" → ["a:1", "b:2"] (the KAFKA_BROKERS format). */
export function parseBrokers(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}

/** True when a broker in the list answers a metadata request within the timeout. */
export async function isKafkaReachable(brokers: string[], timeoutMs = 3_000): Promise<boolean> {
  if (brokers.length === 0) return false;
  const admin = new Kafka({
    clientId: 'paystream-infra-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 2_000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      admin
        .connect()
        .then(() => admin.describeCluster())
        .then((c) => c.brokers.length > 0),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}
