// "Stop when converged" (auto-stop): the rule that ends sampling once the draws so far are enough,
// as cmdstanr#426 asks. One pure rule for both shells: the browser applies it to the summary rows
// its analysis worker computes about once a second, the CLI to every CHECK_EVERY draws per chain.
//
// The rule: every reported parameter has rank-normalised split R-hat below 1.01 and bulk and tail
// ESS above a target (default 400), the thresholds Vehtari, Gelman, Simpson, Carpenter and Buerkner
// (2021, sec. 4) recommend for final results, computed over every chain the run has. Why each part:
// - split R-hat catches chains that disagree or drift (each chain's halves are compared), but with
//   few draws it can be near 1 by chance, and a chain that has just found a second mode moves it
//   only once enough of its draws are there;
// - the ESS target makes the rule wait for that many effective draws, so a chain that mixes slowly
//   (a mode switch every few hundred iterations, a funnel's neck) keeps it sampling;
// - tail ESS (of the 5% and 95% quantile indicators) is low when the extremes are visited in rare,
//   long excursions, which bulk ESS and R-hat can miss;
// - every chain must take part: with more chains than cores the later chains start late, and the
//   first chains alone can look converged.
// A mode that no chain has visited yet cannot be seen in any draws: auto-stop is no substitute
// for several chains started from dispersed initial values.
import type { SummaryRow } from '../types';
import { defaultWorkspace } from './preparedDraws';
import { rhatOf } from './rhat';
import { essBulkOf, essTailOf } from './ess';
import type { ChainMatrix } from './chainMatrix';

export interface ConvergenceRule {
  /** R-hat must be below this (1.01). */
  rhatBelow: number;
  /** Bulk and tail ESS must be above this (400). */
  essAbove: number;
}

export const DEFAULT_CONVERGENCE_RULE: ConvergenceRule = { rhatBelow: 1.01, essAbove: 400 };

/** Draws per chain between two checks in the CLI (deterministic: the same draws decide). */
export const CHECK_EVERY = 50;

export type ConvergenceCheck = Pick<SummaryRow, 'name' | 'rhat' | 'ess_bulk' | 'ess_tail'>;

export interface ConvergenceVerdict {
  converged: boolean;
  /** Parameters failing the rule (all pass when converged). */
  failing: number;
  /** The first failing parameter and why, for progress messages; null when converged. */
  first: string | null;
}

/**
 * Whether sampling may stop: `rows` are the diagnostics of every reported parameter over
 * `chains` chains, `expectedChains` the number the run has. NA (null) diagnostics fail.
 */
export function convergenceVerdict(
  rows: readonly ConvergenceCheck[], chains: number, expectedChains: number, rule: ConvergenceRule = DEFAULT_CONVERGENCE_RULE,
): ConvergenceVerdict {
  checkRule(rule);
  if (chains < expectedChains) {
    return { converged: false, failing: rows.length, first: `${expectedChains - chains} of ${expectedChains} chains have no post-warmup draws yet` };
  }
  if (rows.length === 0) return { converged: false, failing: 0, first: 'no parameters to check' };
  let failing = 0;
  let first: string | null = null;
  for (const r of rows) {
    const why = r.rhat === null || !(r.rhat < rule.rhatBelow) ? `R-hat ${fmt(r.rhat)}`
      : r.ess_bulk === null || !(r.ess_bulk > rule.essAbove) ? `bulk ESS ${fmt(r.ess_bulk)}`
        : r.ess_tail === null || !(r.ess_tail > rule.essAbove) ? `tail ESS ${fmt(r.ess_tail)}` : null;
    if (why === null) continue;
    failing++;
    first ??= `${r.name}: ${why}`;
  }
  return { converged: failing === 0, failing, first };
}

function fmt(x: number | null): string {
  return x === null ? 'NA' : x >= 10 ? String(Math.round(x)) : x.toFixed(3);
}

export function checkRule(rule: ConvergenceRule): void {
  if (!(rule.rhatBelow > 1) || !Number.isFinite(rule.rhatBelow)) {
    throw new Error(`The auto-stop R-hat threshold must be a number above 1 (got ${rule.rhatBelow}).`);
  }
  if (!(rule.essAbove >= 1) || !Number.isFinite(rule.essAbove)) {
    throw new Error(`The auto-stop ESS target must be a number of at least 1 (got ${rule.essAbove}).`);
  }
}

/**
 * R-hat, bulk and tail ESS of every parameter over the first `n` draws of each chain (`chains`:
 * iterations x P row-major, as the chains post them). What the CLI feeds convergenceVerdict.
 */
export function convergenceChecks(names: readonly string[], chains: readonly Float64Array[], n: number): ConvergenceCheck[] {
  const P = names.length;
  const m = chains.length;
  chains.forEach((c, i) => {
    if (c.length < n * P) throw new Error(`convergenceChecks: chain ${i + 1} holds fewer than ${n} draws x ${P} parameters`);
  });
  const values = new Float64Array(m * n);
  const x: ChainMatrix = { values, chains: m, iterations: n };
  const rows: ConvergenceCheck[] = [];
  for (let j = 0; j < P; j++) {
    for (let c = 0; c < m; c++) {
      const src = chains[c];
      for (let i = 0; i < n; i++) values[c * n + i] = src[i * P + j];
    }
    // A quantity fixed in every draw (brms's disc = 1 of ordinal families) has nothing to
    // converge: R-hat is undefined (NA) for it, so it is left out rather than failing the rule.
    if (n > 0 && values.every((v) => v === values[0])) continue;
    const d = defaultWorkspace.prepare(x);
    rows.push({ name: names[j], rhat: rhatOf(d), ess_bulk: essBulkOf(d), ess_tail: essTailOf(d) });
  }
  return rows;
}
