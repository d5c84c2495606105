import { DynamicModule, Module } from '@nestjs/common';

/** Injection token for an app's validated config object. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Makes an already validated config object injectable (`@Inject(APP_CONFIG)`).
 * Validation happens in main.ts before Nest starts, so a bad variable never
 * half-boots an app.
 */
@Module({})
export class AppConfigModule {
  static forRoot<T extends object>(config: T): DynamicModule {
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [APP_CONFIG],
    };
  }
}
