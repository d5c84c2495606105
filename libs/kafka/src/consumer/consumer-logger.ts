/** The few log calls the consumer makes; apps adapt their pino/Nest logger to it. */
export interface ConsumerLogger {
  info(message: string, context?: object): void;
  warn(message: string, context?: object): void;
  error(message: string, context?: object): void;
}

export const silentConsumerLogger: ConsumerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
