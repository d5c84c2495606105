import { num } from '../../lib/format';
import type { LoadResult } from '../../lib/http-load';
import type { ScenarioContext } from '../../lib/scenario';
import type { WorkerModeResult } from '../charge-workers';

/**
 * The slowest stage measured alone (intake, settling), when those scenarios ran before this
 * one. Shown for comparison only: on a small machine the stages share the cores, so the
 * whole pipeline carries less than its slowest stage alone.
 */
export function stageCapacity(ctx: ScenarioContext, workers: number): string | undefined {
  const modes = ctx.earlier.get('charge-workers')?.data.modes as WorkerModeResult[] | undefined;
  const settle = modes
    ?.find((m) => m.mode === 'on')
    ?.steps.find((s) => s.workers === workers)?.settledPerSec;
  const intake = (ctx.earlier.get('toll-intake')?.data.paystream as { run: LoadResult } | undefined)
    ?.run.okPerSec;
  if (settle === undefined && intake === undefined) return undefined;
  return `stages alone: intake ${intake === undefined ? '–' : num(intake)}/s, settling ${settle === undefined ? '–' : num(settle)}/s`;
}
