import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { answerClientErrorsAsJson } from './client-error.handler';
import { HttpErrorsFilter } from './http-errors.filter';
import { jsonBodiesOnly } from './json-bodies-only.middleware';

export interface StartHttpAppOptions {
  service: string;
  port: number;
  host?: string;
  /** Bodies are small JSON documents; anything bigger is refused with 413. */
  bodyLimit?: string;
  shutdownTimeoutMs?: number;
  /** Adds the OpenAPI document at /docs (and /docs-json). */
  openApi?: { title: string; description: string; version?: string };
  /** Install SIGTERM/SIGINT handling (off in tests that manage the app themselves). */
  handleSignals?: boolean;
}

/**
 * Boots an app the same way everywhere: JSON logs, error shapes, OpenAPI,
 * and a clean shutdown on SIGTERM (stop accepting, drain, close modules).
 */
export async function startHttpApp(
  /** The app's root: a module class or its `AppModule.forRoot(config)`. */
  rootModule: Type<unknown> | DynamicModule,
  options: StartHttpAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  // Before the parser: a body that is not JSON is a 415, not an empty body.
  app.use(jsonBodiesOnly);
  app.useBodyParser('json', { limit: options.bodyLimit ?? '16kb' });
  app.useGlobalFilters(new HttpErrorsFilter());
  if (options.openApi) {
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(options.openApi.title)
        .setDescription(options.openApi.description)
        .setVersion(options.openApi.version ?? '1')
        .build(),
    );
    SwaggerModule.setup('docs', app, doc);
  }
  if (options.handleSignals !== false) installShutdown(app, options);
  answerClientErrorsAsJson(app.getHttpServer());
  await app.listen(options.port, options.host ?? '127.0.0.1');
  return app;
}

function installShutdown(app: INestApplication, options: StartHttpAppOptions): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    const logger = app.get(Logger);
    logger.log({ signal }, `${options.service} shutting down`);
    const timeout = setTimeout(() => {
      logger.error(
        `${options.service} did not stop within ${options.shutdownTimeoutMs} ms; exiting`,
      );
      process.exit(1);
    }, options.shutdownTimeoutMs ?? 10_000);
    timeout.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
