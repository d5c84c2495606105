import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface LoggingOptions {
  service: string;
  level: string;
}

/** Header names whose values never reach a log line. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-admin-token"]',
  'req.headers.cookie',
  '*.cardNumber',
  '*.pan',
];

/**
 * JSON logs through pino (one line per event, machine-readable), with a
 * request id that is echoed back so a till receipt can be matched to a log line.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: options.level,
            base: { service: options.service },
            redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
            genReqId: (req: IncomingMessage) =>
              (req.headers['x-request-id'] as string | undefined) ?? randomUUID(),
            // Probes and scrapes every few seconds would drown the useful lines.
            autoLogging: {
              ignore: (req: IncomingMessage) =>
                req.url?.startsWith('/health') === true || req.url === '/metrics',
            },
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
