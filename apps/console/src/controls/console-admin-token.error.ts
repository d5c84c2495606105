import { UnauthorizedException } from '@nestjs/common';
import { ADMIN_TOKEN_HEADER } from '@paystream/contracts';

export class ConsoleAdminTokenError extends UnauthorizedException {
  constructor() {
    super({
      statusCode: 401,
      error: 'admin_token_invalid',
      message: `header ${ADMIN_TOKEN_HEADER} is missing or wrong (the gateway's admin token)`,
    });
  }
}
