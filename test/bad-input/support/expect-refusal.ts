import {
  describe as describeAnswer,
  HostileRequest,
  send,
  sendRaw,
  shapeProblem,
} from './hostile-request';
import { randomBytes } from 'node:crypto';
import { FRESH_KEY, HostileCase } from './hostile-cases';
import { RawCase } from './raw-cases';
import { RowCounter } from './row-counter';

/**
 * Sends one hostile case and checks the promise: no 5xx, an answer within the
 * bound, a refusal in the project's error shape naming the field when one is
 * at fault, and — for any refusal — no row written anywhere.
 */
export async function expectRefusal(
  baseUrl: string,
  c: HostileCase,
  rows?: RowCounter,
): Promise<void> {
  const before = await rows?.counts();
  const answer = await send(baseUrl, withFreshKeys(c));
  const after = await rows?.counts();
  const where = `${c.method} ${c.path.slice(0, 120)} (${c.name}) → ${describeAnswer(answer)}`;
  if (c.expect === 'not-5xx') {
    if (answer.status >= 500) throw new Error(`5xx for ${where}`);
    if (answer.status >= 400 && c.method !== 'HEAD') {
      const problem = shapeProblem(answer, [answer.status]);
      if (problem) throw new Error(`${problem}: ${where}`);
    }
    if (answer.status >= 400) expect(after).toEqual(before);
    return;
  }
  const problem = c.method === 'HEAD' ? undefined : shapeProblem(answer, c.expect.refused);
  if (problem) throw new Error(`${problem}: ${where}`);
  if (c.method === 'HEAD' && !c.expect.refused.includes(answer.status))
    throw new Error(`unexpected status: ${where}`);
  const { field, reason } = c.expect;
  if (field) {
    const problems =
      (answer.json as { problems?: { field: string; reason: string }[] }).problems ?? [];
    const named = problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));
    if (named.length === 0) {
      const fields = problems.map((p) => p.field).join(', ') || 'nothing';
      throw new Error(`the refusal does not name ${field} (names ${fields}): ${where}`);
    }
    if (reason && !named.some((p) => p.reason.includes(reason))) {
      const reasons = named.map((p) => p.reason).join('; ');
      throw new Error(
        `the refusal of ${field} does not say "${reason}" (says ${reasons}): ${where}`,
      );
    }
  }
  expect(after).toEqual(before);
}

export async function expectRawRefusal(baseUrl: string, c: RawCase): Promise<void> {
  const answer = await sendRaw(baseUrl, c.bytes);
  const problem = shapeProblem(answer, c.refused);
  if (problem) throw new Error(`${problem}: ${c.name} → ${describeAnswer(answer)}`);
}

export function withFreshKeys<C extends HostileRequest>(c: C): C {
  if (!c.headers) return c;
  const headers = Object.fromEntries(
    Object.entries(c.headers).map(([name, value]) => [
      name,
      value === FRESH_KEY ? `fresh-${randomBytes(8).toString('hex')}` : value,
    ]),
  );
  return { ...c, headers };
}
