import { UnauthorizedException } from '@nestjs/common';
import { ADMIN_TOKEN_HEADER, GATEWAY_ERROR_CODES } from '@paystream/contracts';

export class AdminTokenInvalidError extends UnauthorizedException {
  constructor() {
    super({
      statusCode: 401,
      error: GATEWAY_ERROR_CODES.adminTokenInvalid,
      message: `header ${ADMIN_TOKEN_HEADER} is missing or wrong`,
    });
  }
}
