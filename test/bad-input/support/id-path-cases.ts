import { Expectation, HostileCase } from './hostile-cases';

/** A well-formed uuid no app has a record for (a 404, not a 400). */
export const UNKNOWN_ID = '5b1d7c3e-8f0a-4c2b-9d6e-1a2b3c4d5e6f';

/**
 * A path id that is not a record's uuid, spoiled one way at a time: a 400
 * naming `id` (`more` adds rows of that kind), a 400 about the path when
 * Express cannot decode it, a 404 for a well-formed uuid no record has.
 */
export function idPathCases(
  method: 'GET' | 'POST',
  pathFor: (id: string) => string,
  more: ReadonlyArray<readonly [name: string, id: string]> = [],
): HostileCase[] {
  const at = (
    name: string,
    id: string,
    expect: Expectation = { refused: [400], field: 'id' },
  ): HostileCase => ({ name: `id ${name}`, method, path: pathFor(id), expect });
  return [
    at('not a uuid', 'not-a-uuid'),
    at('a NUL', '%00'),
    at('a uuid with a NUL', `${UNKNOWN_ID}%00`),
    // Express cannot decode it into a parameter: a 400 about the path, before any field exists.
    at('an encoded lone surrogate', '%ED%A0%80', { refused: [400] }),
    at('overlong', 'a'.repeat(4000)),
    ...more.map(([name, id]) => at(name, id)),
    at('unknown (a well-formed uuid)', UNKNOWN_ID, { refused: [404] }),
  ];
}

/** An id that a careless query would splice into SQL. */
export const SQL_ID: readonly [string, string] = ['SQL', "1'%20OR%20'1'='1"];
