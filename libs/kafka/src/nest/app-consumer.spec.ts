import { Kafka, logLevel } from 'kafkajs';
import { z } from 'zod';
import { AppConsumer } from './app-consumer';
import { consumerLogTo } from './consumer-log.adapter';

describe('consumerLogTo', () => {
  it('keeps each line at its level, its context as the fields', () => {
    const lines: string[] = [];
    const at = (level: string) => (extra: object, message: string) =>
      lines.push(`${level} ${message} ${JSON.stringify(extra)}`);
    const log = consumerLogTo({ info: at('info'), warn: at('warn'), error: at('error') });
    log.info('joined', { partitions: [0] });
    log.warn('paused');
    log.error('stopped', { reason: 'x' });
    expect(lines).toEqual([
      'info joined {"partitions":[0]}',
      'warn paused {}',
      'error stopped {"reason":"x"}',
    ]);
  });
});

describe('AppConsumer', () => {
  it('is not ready before it has started (no broker is needed to tell)', async () => {
    const checks: Array<{ name: string; check(): Promise<void> }> = [];
    const consumer = new AppConsumer({
      // Never connected: constructing a consumer does not reach a broker.
      kafka: new Kafka({ brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING }),
      config: {
        CONSUMER_GROUP: 'group',
        PARTITIONS_CONSUMED_CONCURRENTLY: 1,
        KAFKA_SESSION_TIMEOUT_MS: 30_000,
        KAFKA_HEARTBEAT_INTERVAL_MS: 3_000,
      },
      topic: 'topic',
      schema: z.object({}),
      deadLetters: { topic: 'dlq', sink: { send: async () => undefined } },
      readinessName: 'things-consumer',
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
      lag: { set: () => undefined },
      delivery: { deliver: 'value', handle: async () => undefined },
    });
    consumer.registerReadiness({ register: (check) => checks.push(check) });
    expect(checks.map((c) => c.name)).toEqual(['things-consumer']);
    await expect(checks[0].check()).rejects.toThrow('consumer not running');
  });
});
