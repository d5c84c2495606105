import { BadInputWorld } from './bad-input-world';
import { expectRawRefusal, expectRefusal } from './expect-refusal';
import { HostileCase } from './hostile-cases';
import { assertMutationsAreRefusedCleanly, MutationRun } from './property-runner';
import { rawCaseRows } from './raw-cases';

/** One test per row of an app's hostile-input table: refused as the row says, nothing written. */
export function itRefusesEveryRow(
  table: Array<[string, HostileCase]>,
  appUrl: () => string,
  world: BadInputWorld,
): void {
  it.each(table)('%s', async (_name, c) => {
    await expectRefusal(appUrl(), c, world.rows);
  });
}

/** One test per request broken below HTTP's semantics (Node's parser refuses it before any route). */
export function itRefusesBelowHttp(path: string, appUrl: () => string): void {
  it.each(rawCaseRows(path))('below HTTP: %s', async (_name, c) => {
    await expectRawRefusal(appUrl(), c);
  });
}

/**
 * Generated mutations of a valid request, held to the promise (no 5xx, no
 * hang, refusals in the error shape, nothing written by a refusal), and
 * reaching both sides: some still `accepted`, some refused with a 400.
 * Logs the answers by status under `label`.
 */
export async function expectMutationsOnBothSides(
  label: string,
  run: MutationRun,
  accepted: number,
): Promise<void> {
  const statuses = await assertMutationsAreRefusedCleanly(run);
  console.log(`${label} mutations, answers by status:`, statuses);
  expect(statuses[accepted]).toBeGreaterThan(0);
  expect(statuses[400]).toBeGreaterThan(0);
}
