import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { HTTP_DURATION_HISTOGRAM, METRICS_REGISTRY } from './metrics.tokens';

/** A registry per app (not prom-client's global one) so tests can run two apps in one process. */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: { service: string }): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        {
          provide: METRICS_REGISTRY,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service: options.service });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
        {
          provide: HTTP_DURATION_HISTOGRAM,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) =>
            new Histogram({
              name: 'http_server_request_duration_seconds',
              help: 'HTTP request duration',
              labelNames: ['method', 'route', 'status'],
              buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
              registers: [registry],
            }),
        },
      ],
      exports: [METRICS_REGISTRY],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
