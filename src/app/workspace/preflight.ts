// The checks before sampling (core/model/preflight.ts) for the workspace: run on the prepared model
// and the settings before Run is pressed (a constant response blocks Run, the rest are shown as
// warnings), and fed with the fit's draws into the sampler warnings after the run.
import type { DataTable, ModelStructure, SamplerSettings } from '../../core/types';
import { parseFormula } from '../../core/formula/parseFormula';
import { checkBeforeSampling } from '../../core/model/preflight';
import { fitCheckInputs, type FitChecks, type SamplerWarningsInput } from '../../core/diagnostics/warnings';
import type { DrawStore } from '../../client/drawStore';
import { commonDraws, usableChains } from './fit';

export interface Preflight {
  checks: FitChecks | null;
  /** Why the model cannot be run (Run stays disabled), or null. */
  error: string | null;
}

export const NO_PREFLIGHT: Preflight = { checks: null, error: null };

export function preflight(structure: ModelStructure, settings: Pick<SamplerSettings, 'warmup' | 'iter'>, table: DataTable, formula: string): Preflight {
  try {
    const response = parseFormula(formula).response;
    return { checks: checkBeforeSampling(structure, settings, { table, response, shell: 'app' }), error: null };
  } catch (err) {
    return { checks: null, error: err instanceof Error ? err.message : String(err) };
  }
}

/** samplerWarnings' inputs from the checks and the store's post-warmup draws (every usable chain). */
export function checkInputs(checks: FitChecks | null | undefined, store: DrawStore): Partial<SamplerWarningsInput> {
  if (!checks) return {};
  const chains = usableChains(store);
  const n = commonDraws(store);
  return fitCheckInputs(checks, (name) => (store.names.includes(name) ? chains.map((c) => store.trace(c, name).subarray(0, n)) : null));
}
