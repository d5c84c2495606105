import { ServiceUnavailableException } from '@nestjs/common';

export class SupervisorUnavailableError extends ServiceUnavailableException {
  constructor(detail: string) {
    super({
      statusCode: 503,
      error: 'supervisor_unavailable',
      message: `worker and broker controls need npm start's supervisor: ${detail}`,
    });
  }
}
