// Loader for tests/fixtures/loo/loo_fixtures.json (made by tests/fixtures/loo/make_fixtures.R).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface LooFixtureCase {
  name: string;
  note: string;
  n_obs: number;
  chains: number;
  n_iter: number;
  log_lik_f32_base64: string;
  r_eff: number[];
  tail_len: number[];
  estimates: Record<'elpd_loo' | 'se_elpd_loo' | 'p_loo' | 'se_p_loo' | 'looic' | 'se_looic', number>;
  mcse_elpd_loo: number | null;
  pointwise: {
    elpd_loo: number[]; mcse_elpd_loo: number[]; p_loo: number[]; looic: number[];
    pareto_k: (number | null)[]; n_eff: number[];
  };
  pareto_k_table: { count: number[]; min_n_eff: (number | null)[] };
  printed: string;
  /** loo(log_lik, r_eff = rep(1, N)). */
  without_r_eff: { elpd_loo: number; p_loo: number; pareto_k: (number | null)[] };
}

export interface LooFixtures {
  loo_version: string;
  cases: Record<string, LooFixtureCase>;
  compare: {
    models: string[]; cases: LooFixtureCase[]; order: string[]; elpd_diff: number[]; se_diff: number[]; printed: string;
  };
  bayes_r2: {
    n_draws: number; n_obs: number; y: number[]; epred_f32_base64: string; r2: number[];
    brms_summary: { Estimate: number; 'Est.Error': number; 'Q2.5': number; 'Q97.5': number };
    issue_summary: { mean: number; sd: number; q5: number; q95: number };
  };
}

export const fixtures: LooFixtures = JSON.parse(
  readFileSync(resolve(__dirname, '../../fixtures/loo/loo_fixtures.json'), 'utf8'),
) as LooFixtures;

/** Decodes base64 little-endian float32 into doubles (exact: the values R used). */
export function decodeF32(b64: string): Float64Array {
  const bytes = Buffer.from(b64, 'base64');
  const f32 = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return Float64Array.from(f32);
}

export function logLikOf(c: LooFixtureCase): Float64Array {
  return decodeF32(c.log_lik_f32_base64);
}

/** R's JSON null for k = Inf. */
export const kOf = (v: number | null): number => (v === null ? Infinity : v);
