// The checks before sampling (core/model/preflight.ts) for the workspace: run on the prepared model
// and the settings before Run is pressed (a constant response blocks Run, the rest are shown as
// warnings), and fed with the fit's draws into the sampler warnings after the run.
import type { DataTable, ModelStructure, SamplerSettings } from '../../core/types';
import { parseFormula } from '../../core/formula/parseFormula';
import { checkBeforeSampling } from '../../core/model/preflight';
import {
  fewDrawsWarning, fitCheckInputs, noWarmupWarning, type FitChecks, type SamplerWarning, type SamplerWarningsInput,
} from '../../core/diagnostics/warnings';
import type { DrawStore } from '../../client/drawStore';
import { commonDraws, usableChains } from './fit';

export interface Preflight {
  checks: FitChecks | null;
  /** Why the model cannot be run (Run stays disabled), or null. */
  error: string | null;
}

export const NO_PREFLIGHT: Preflight = { checks: null, error: null };

/** The data checks of each prepared model (a pass over the data), kept while settings change. */
const dataChecks = new WeakMap<ModelStructure, Preflight>();
/** Settings under which checkBeforeSampling reports nothing about the settings. */
const NEUTRAL = { warmup: 1000, iter: 1000 };

export function preflight(structure: ModelStructure, settings: Pick<SamplerSettings, 'warmup' | 'iter'>, table: DataTable, formula: string): Preflight {
  let data = dataChecks.get(structure);
  if (!data) {
    try {
      const response = parseFormula(formula).response;
      data = { checks: checkBeforeSampling(structure, NEUTRAL, { table, response, shell: 'app' }), error: null };
    } catch (err) {
      data = { checks: null, error: err instanceof Error ? err.message : String(err) };
    }
    dataChecks.set(structure, data);
  }
  if (!data.checks) return data;
  // the same order as checkBeforeSampling: settings first, then the data
  const fromSettings = [noWarmupWarning(settings.warmup, 'app'), fewDrawsWarning(settings.iter, 'app')]
    .filter((w): w is SamplerWarning => w !== null);
  return { ...data, checks: { ...data.checks, warnings: [...fromSettings, ...data.checks.warnings] } };
}

/** samplerWarnings' inputs from the checks and the store's post-warmup draws (every usable chain). */
export function checkInputs(checks: FitChecks | null | undefined, store: DrawStore): Partial<SamplerWarningsInput> {
  if (!checks) return {};
  const chains = usableChains(store);
  const n = commonDraws(store);
  return fitCheckInputs(checks, (name) => (store.names.includes(name) ? chains.map((c) => store.trace(c, name).subarray(0, n)) : null));
}
