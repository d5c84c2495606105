import { DynamicModule, Module } from '@nestjs/common';
import { AppConfigModule } from '@paystream/config';
import { ObservabilityModule } from '@paystream/observability';
import { CONSOLE_SERVICE_NAME, ConsoleConfig } from './config/console.config';
import { ControlsModule } from './controls/controls.module';
import { DeadLettersModule } from './dead-letters/dead-letters.module';
import { FollowModule } from './follow/follow.module';
import { PageModule } from './page/page.module';
import { SnapshotModule } from './snapshot/snapshot.module';
import { SourcesModule } from './sources/sources.module';

@Module({})
export class AppModule {
  static forRoot(config: ConsoleConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot({ service: CONSOLE_SERVICE_NAME, logLevel: config.LOG_LEVEL }),
        SourcesModule,
        SnapshotModule,
        FollowModule,
        DeadLettersModule,
        ControlsModule,
        PageModule,
      ],
    };
  }
}
