import { ConsumerLogger } from '../consumer/consumer-logger';

/** The part of an app logger (nestjs-pino's PinoLogger, pino) a consumer's lines go to. */
export interface ConsumerLogTarget {
  info(extra: object, message: string): void;
  warn(extra: object, message: string): void;
  error(extra: object, message: string): void;
}

/** The consumer's lines at their own level, their context as the log line's fields. */
export function consumerLogTo(logger: ConsumerLogTarget): ConsumerLogger {
  return {
    info: (message, context) => logger.info(context ?? {}, message),
    warn: (message, context) => logger.warn(context ?? {}, message),
    error: (message, context) => logger.error(context ?? {}, message),
  };
}
