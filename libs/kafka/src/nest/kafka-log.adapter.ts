import { KafkaClientOptions } from '../client/create-kafka';

/** The part of an app logger (nestjs-pino's Logger, pino) KafkaJS lines go to. */
export interface KafkaLogTarget {
  error(extra: object, message: string): void;
  warn(extra: object, message: string): void;
}

/** KafkaJS errors stay errors; everything else it logs (WARN and up by default) is a warning. */
export function kafkaLogTo(logger: KafkaLogTarget): NonNullable<KafkaClientOptions['log']> {
  return (level, message, extra) =>
    level === 'error' ? logger.error(extra, message) : logger.warn(extra, message);
}
