// Partial pooling: each group's coefficient from the fit's draws, as brms's coef() gives it
// (population coefficient plus the group's deviation, draw by draw: b_coef + r_group[level,coef];
// a coefficient that varies by group but is not in the population part has b = 0), summarised by
// the posterior mean, sd and the central interval (type-7 quantiles, brms's probs
// c(0.025, 0.975) for prob 0.95). The same for the population coefficient alone.
import { ModelError } from '../formula/errors';
import { quantileSorted } from '../diagnostics/quantile7';
import type { PoolingDesign } from './pooling';

export interface PosteriorEstimate { estimate: number; estError: number; lower: number; upper: number }

export interface PartialPooling {
  group: string;
  coef: string;
  prob: number;
  population: PosteriorEstimate;
  groups: (PosteriorEstimate & { level: string; n: number })[];
}

function summarise(x: Float64Array, prob: number): PosteriorEstimate {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) ** 2;
  const sorted = Float64Array.from(x).sort();
  const a = (1 - prob) / 2;
  return { estimate: m, estError: Math.sqrt(ss / (x.length - 1)), lower: quantileSorted(sorted, a), upper: quantileSorted(sorted, 1 - a) };
}

/** `rows`: nDraws draws of `names`, row-major. */
export function partialPoolingEstimates(
  s: Pick<PoolingDesign, 'groups'>, names: readonly string[], rows: Float64Array, nDraws: number,
  options: { group: string; coef: string }, prob = 0.95,
): PartialPooling {
  const term = s.groups.find((g) => g.group === options.group && g.coefNames.includes(options.coef));
  if (!term) throw new ModelError(`'${options.coef}' does not vary by ${options.group} in this model.`);
  if (!(prob > 0 && prob < 1)) throw new ModelError(`The interval's probability must be between 0 and 1, got ${prob}.`);
  const P = names.length;
  const b = names.indexOf(`b_${options.coef}`);
  const column = (j: number) => { const out = new Float64Array(nDraws); for (let i = 0; i < nDraws; i++) out[i] = j < 0 ? 0 : rows[i * P + j]; return out; };
  const population = column(b);
  const counts = new Int32Array(term.levels.length);
  for (const j of term.index) counts[j]++;
  const groups = term.levels.map((level, l) => {
    const name = `r_${term.group}[${level},${options.coef}]`;
    const r = names.indexOf(name);
    if (r < 0) throw new ModelError(`The draws have no ${name}: they do not belong to this model.`);
    const v = column(r);
    for (let i = 0; i < nDraws; i++) v[i] += population[i];
    return { level, n: counts[l], ...summarise(v, prob) };
  });
  return { group: options.group, coef: options.coef, prob, population: summarise(population, prob), groups };
}
