import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@paystream/config';
import { ADMIN_TOKEN_HEADER } from '@paystream/contracts';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GatewayConfig } from '../config/gateway.config';
import { AdminTokenInvalidError } from './admin-token-invalid.error';

/** Fault controls change how the gateway treats everyone's money: only holders of the admin token. */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(APP_CONFIG) config: GatewayConfig) {
    this.expected = digest(config.ADMIN_TOKEN);
  }

  canActivate(context: ExecutionContext): boolean {
    const given = context.switchToHttp().getRequest<Request>().header(ADMIN_TOKEN_HEADER);
    // Compare digests: equal length, constant time, no early exit revealing the token.
    if (!given || !timingSafeEqual(digest(given), this.expected))
      throw new AdminTokenInvalidError();
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
