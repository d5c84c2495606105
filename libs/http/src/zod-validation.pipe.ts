import { PipeTransform } from '@nestjs/common';
import { z } from 'zod';
import { ValidationFailedError } from './validation-failed.error';

/** Validates a body/query/header value with a zod schema; unknown fields are refused by `.strict()` schemas. */
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly fieldPrefix = '',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    throw new ValidationFailedError(
      result.error.issues.flatMap((issue) => describeIssue(issue, this.fieldPrefix)),
    );
  }
}

function describeIssue(
  issue: z.core.$ZodIssue,
  prefix: string,
): { field: string; reason: string }[] {
  const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: [base, key].filter(Boolean).join('.'),
      reason: 'is not a known field',
    }));
  }
  // A bad key of a record: say what is wrong with the key, not only that one is.
  if (issue.code === 'invalid_key') {
    return [
      { field: base || '(body)', reason: `key ${issue.issues.map((i) => i.message).join('; ')}` },
    ];
  }
  return [{ field: base || '(body)', reason: issue.message }];
}
