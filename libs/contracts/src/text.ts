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
