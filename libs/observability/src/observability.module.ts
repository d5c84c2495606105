import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';

/** Logs, metrics and health for one app, composed once in its app.module.ts. */
@Module({})
export class ObservabilityModule {
  static forRoot(options: { service: string; logLevel: string }): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        LoggingModule.forRoot({ service: options.service, level: options.logLevel }),
        MetricsModule.forRoot({ service: options.service }),
        HealthModule,
      ],
      exports: [LoggingModule, MetricsModule, HealthModule],
    };
  }
}
