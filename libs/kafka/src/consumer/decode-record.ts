import { DLQ_ERROR_CLASSES } from '@paystream/contracts';
import { z } from 'zod';
import { ConsumedRecord, RawRecord } from './consumed-record';
import { RecordRejectedError } from './record-rejected.error';

/**
 * Bytes → JSON → schema. Anything that fails is a RecordRejectedError naming
 * why, so the consumer can dead-letter it (a poison record must not stall its
 * partition).
 */
export function decodeRecord<T>(raw: RawRecord, schema: z.ZodType<T>): ConsumedRecord<T> {
  if (!raw.value)
    throw new RecordRejectedError(DLQ_ERROR_CLASSES.unparseable, 'record has no value');
  let json: unknown;
  try {
    json = JSON.parse(raw.value.toString('utf8'));
  } catch (error) {
    throw new RecordRejectedError(
      DLQ_ERROR_CLASSES.unparseable,
      `value is not JSON: ${(error as Error).message}`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new RecordRejectedError(
      DLQ_ERROR_CLASSES.schemaInvalid,
      `schema validation failed: ${problems}`,
    );
  }
  return { ...raw, value: parsed.data };
}
