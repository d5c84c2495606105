import { z } from 'zod';

/** A UTF-16 surrogate without its partner: valid in a JS string and in JSON text ("\ud800"), not in UTF-8. */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Free text a client sends and Postgres stores. Postgres refuses NUL in text
 * and jsonb (the request then failed with a 500), and UTF-8 cannot encode an
 * unpaired surrogate (the driver would silently store U+FFFD instead): both
 * are refused here with a 400 naming the field. Use it for every free-text
 * field rather than a per-field pattern.
 */
export function textSchema(options: { min?: number; max: number }) {
  return z
    .string({ error: 'must be a string' })
    .min(
      options.min ?? 1,
      options.min === undefined || options.min === 1
        ? 'must not be empty'
        : `must be at least ${options.min} characters`,
    )
    .max(options.max, `must be at most ${options.max} characters`)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => !UNPAIRED_SURROGATE.test(s), 'must be valid Unicode (no unpaired surrogates)');
}

/**
 * A map of free text (metadata): keys and values are `textSchema` text, at
 * most `maxKeys` of them. An own "__proto__" key is refused up front: zod
 * builds the output by assignment, where "__proto__" sets the prototype, so
 * that entry would vanish silently between the request and the database.
 */
export function textRecordSchema(options: { maxKeys: number; keyMax: number; valueMax: number }) {
  return z
    .custom<unknown>(
      (v) => !(v !== null && typeof v === 'object' && Object.hasOwn(v, '__proto__')),
      'must not have a __proto__ key',
    )
    .pipe(
      z
        .record(
          textSchema({ max: options.keyMax }),
          textSchema({ min: 0, max: options.valueMax }),
          {
            error: (issue) =>
              issue.code === 'invalid_type' ? 'must be an object of text values' : undefined,
          },
        )
        .refine(
          (m) => Object.keys(m).length <= options.maxKeys,
          `must have at most ${options.maxKeys} keys`,
        ),
    );
}
