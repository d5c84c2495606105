import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { ADMIN_TOKEN_HEADER } from '@paystream/contracts';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { ConsoleConfig } from '../config/console.config';
import { ConsoleAdminTokenError } from './console-admin-token.error';

/** The console's controls change the system: they need the gateway's admin token. */
@Injectable()
export class ConsoleAdminGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: ConsoleConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<Request>().header(ADMIN_TOKEN_HEADER) ?? '';
    const expected = Buffer.from(this.config.GATEWAY_ADMIN_TOKEN);
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
      throw new ConsoleAdminTokenError();
    return true;
  }
}
