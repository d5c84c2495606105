import { BadRequestException } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** 400 naming each offending field and why, so a caller can fix the request. */
export class ValidationFailedError extends BadRequestException {
  constructor(readonly problems: FieldProblem[]) {
    super({
      statusCode: 400,
      error: 'validation_failed',
      message: problems.map((p) => `${p.field}: ${p.reason}`).join('; '),
      problems,
    });
  }
}
