import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { withFreshKeys } from './expect-refusal';
import { describe as describeAnswer, send, shapeProblem } from './hostile-request';
import { mutatedRequests, ValidRequest } from './mutations';
import { RowCounter } from './row-counter';

/**
 * Fixed, so a run is repeatable; BAD_INPUT_SEED=<n> explores other inputs.
 * A failure prints the seed and the counterexample (fast-check's own report).
 */
export const BAD_INPUT_SEED = Number(process.env.BAD_INPUT_SEED ?? 20_261_130);

export interface MutationRun {
  baseUrl: string;
  valid: ValidRequest;
  numRuns: number;
  rows: RowCounter;
  queryParams?: Record<string, string[]>;
  /** Undo what an accepted request changed that would disturb the next ones (the gateway's fault modes). */
  afterAccepted?: () => Promise<void>;
}

/**
 * Sends `numRuns` generated mutations of a valid request, one at a time, and
 * holds each answer to the promise: within the bound (no hang), never a 5xx,
 * a 4xx in the project's error shape, and no row written by a refusal.
 * Returns how many answers each status got.
 */
export async function assertMutationsAreRefusedCleanly(
  run: MutationRun,
): Promise<Record<number, number>> {
  const statuses: Record<number, number> = {};
  const property = fc.asyncProperty(
    mutatedRequests(run.valid, { queryParams: run.queryParams }),
    async ({ request, label }) => {
      const before = await run.rows.counts();
      const answer = await send(run.baseUrl, withFreshKeys(request));
      const after = await run.rows.counts();
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const where = `[${label}] ${request.method} ${request.path} → ${describeAnswer(answer)}`;
      if (answer.status >= 500) throw new Error(`5xx: ${where}`);
      if (answer.status >= 400) {
        const problem = shapeProblem(answer, [answer.status]);
        if (problem) throw new Error(`${problem}: ${where}`);
        if (!isDeepStrictEqual(before, after))
          throw new Error(
            `a refused request wrote rows (${JSON.stringify(before)} → ${JSON.stringify(after)}): ${where}`,
          );
      } else if (run.afterAccepted) {
        await run.afterAccepted();
      }
    },
  );
  try {
    await fc.assert(property, { seed: BAD_INPUT_SEED, numRuns: run.numRuns });
  } catch (error) {
    throw new Error(
      `generated mutations (seed ${BAD_INPUT_SEED}, BAD_INPUT_SEED=${BAD_INPUT_SEED} to replay) of ${run.valid.method} ${run.valid.path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return statuses;
}
