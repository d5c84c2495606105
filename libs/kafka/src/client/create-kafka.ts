import { Kafka, logLevel as KafkaLogLevel, LogEntry } from 'kafkajs';

export interface KafkaClientOptions {
  clientId: string;
  brokers: string[];
  /** Passed to KafkaJS; connection errors on shutdown are noise, so default is WARN. */
  logLevel?: KafkaLogLevel;
  /** Where KafkaJS log lines go (pino logger in apps, silent in tests). */
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: object) => void;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  [KafkaLogLevel.INFO]: 'info',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/** One place that builds KafkaJS clients, so logging and retries are the same everywhere. */
export function createKafka(options: KafkaClientOptions): Kafka {
  const log = options.log;
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: options.logLevel ?? KafkaLogLevel.WARN,
    // Retries inside KafkaJS cover short leader moves; longer outages surface to the caller.
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5_000 },
    logCreator: log
      ? () =>
          ({ namespace, level, log: entry }: LogEntry) => {
            const { message, ...extra } = entry;
            log(LEVELS[level] ?? 'info', `[kafkajs:${namespace}] ${message}`, extra);
          }
      : undefined,
  });
}
