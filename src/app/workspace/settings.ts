// Sampler settings as the form holds them (text, so a half-typed number is not lost) and their
// validation into SamplerSettings with one specific message per bad field.
import { DEFAULT_SETTINGS, type MetricSetting, type SamplerSettings } from '../../core/types';
import { DEFAULT_CONVERGENCE_RULE, type ConvergenceRule } from '../../core/diagnostics/autoStop';

export interface SettingsForm {
  chains: string;
  warmup: string;
  iter: string;
  seed: string;
  adaptDelta: string;
  maxTreedepth: string;
  metric: MetricSetting;
  adaptation: 'fast' | 'stan';
  /** Auto-stop (issue 23): end sampling once every parameter has converged. */
  stopWhenConverged: boolean;
  /** Its bulk and tail ESS target. */
  essTarget: string;
}

export const DEFAULT_FORM: SettingsForm = {
  chains: String(DEFAULT_SETTINGS.chains), warmup: String(DEFAULT_SETTINGS.warmup), iter: String(DEFAULT_SETTINGS.iter),
  seed: String(DEFAULT_SETTINGS.seed), adaptDelta: String(DEFAULT_SETTINGS.adaptDelta),
  maxTreedepth: String(DEFAULT_SETTINGS.maxTreedepth), metric: DEFAULT_SETTINGS.metric,
  adaptation: DEFAULT_SETTINGS.adaptation ?? 'fast',
  stopWhenConverged: false, essTarget: String(DEFAULT_CONVERGENCE_RULE.essAbove),
};

export const formOf = (s: SamplerSettings): SettingsForm => ({
  chains: String(s.chains), warmup: String(s.warmup), iter: String(s.iter), seed: String(s.seed),
  adaptDelta: String(s.adaptDelta), maxTreedepth: String(s.maxTreedepth), metric: s.metric,
  adaptation: s.adaptation ?? 'fast',
  stopWhenConverged: false, essTarget: String(DEFAULT_CONVERGENCE_RULE.essAbove),
});

/** The auto-stop rule the form asks for (null when off or when its target is invalid). */
export function autoStopRule(f: SettingsForm): ConvergenceRule | null {
  if (!f.stopWhenConverged) return null;
  const x = Number(f.essTarget.trim());
  return Number.isInteger(x) && x >= 1 && x <= 1_000_000 ? { ...DEFAULT_CONVERGENCE_RULE, essAbove: x } : null;
}

function integer(text: string, label: string, min: number, max: number, errors: Partial<Record<keyof SettingsForm, string>>, key: keyof SettingsForm): number {
  const t = text.trim();
  const x = Number(t);
  if (t === '' || !Number.isInteger(x) || x < min || x > max) {
    errors[key] = `${label} must be a whole number from ${min} to ${max.toLocaleString('en-US')}${t === '' ? '' : ` (got '${t}')`}.`;
  }
  return x;
}

export function parseSettings(f: SettingsForm): { settings: SamplerSettings | null; errors: Partial<Record<keyof SettingsForm, string>> } {
  const errors: Partial<Record<keyof SettingsForm, string>> = {};
  const chains = integer(f.chains, 'Chains', 1, 16, errors, 'chains');
  const warmup = integer(f.warmup, 'Warmup', 0, 1_000_000, errors, 'warmup');
  const iter = integer(f.iter, 'Iterations', 1, 1_000_000, errors, 'iter');
  const seed = integer(f.seed, 'Seed', 0, 2 ** 31 - 1, errors, 'seed');
  const maxTreedepth = integer(f.maxTreedepth, 'Max treedepth', 1, 15, errors, 'maxTreedepth');
  const ad = Number(f.adaptDelta.trim());
  if (f.adaptDelta.trim() === '' || !(ad > 0 && ad < 1)) errors.adaptDelta = `adapt_delta must be a number between 0 and 1, such as 0.8 or 0.95 (got '${f.adaptDelta.trim()}').`;
  if (f.stopWhenConverged) integer(f.essTarget, 'The ESS target', 1, 1_000_000, errors, 'essTarget');
  if (Object.keys(errors).length) return { settings: null, errors };
  return { settings: { ...DEFAULT_SETTINGS, chains, warmup, iter, seed, adaptDelta: ad, maxTreedepth, metric: f.metric, adaptation: f.adaptation }, errors };
}
