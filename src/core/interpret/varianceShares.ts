// The share of the variance at each grouping level and the residual, per posterior draw
// (variance partition coefficients; Goldstein, Browne & Rasbash 2002; Nakagawa & Schielzeth 2013,
// conditional on the population-level effects):
//   share_g = V_g / (sum_g' V_g' + V_resid)
// For a random-intercept term V_g = sd_g^2; for a gaussian model V_resid = sigma^2, so share_g is
// the intraclass correlation of level g (and in a three-level nested design, district / class /
// residual, the shares of the three levels). For logit and probit models the shares are on the
// latent scale: the residual of the latent logistic variable has variance pi^2 / 3, that of the
// latent normal variable 1 (Snijders & Bosker 2012, sec. 17.3).
// With varying slopes the group-level variance depends on the predictors: for a term with
// coefficients z (intercept 1, slopes x) and covariance Sigma = diag(sd) Cor diag(sd),
// Var(z' u) = z' Sigma z. It is evaluated at the predictors' means (z = (1, mean x)), and the
// result says so in its note.
import { ModelError } from '../formula/errors';
import { FAMILY_REGISTRY } from '../families';
import { quantileSorted } from '../diagnostics/quantile7';

export interface VarianceDesign {
  family: string;
  groups: { group: string; coefNames: string[]; Z: Float64Array[]; correlated: boolean }[];
}

export interface VarianceLevel {
  /** Grouping factor ('Subject', 'district_id:class_id') or 'Residual'. */
  name: string;
  kind: 'group' | 'residual';
  /** Per draw: the variance at this level (constant for a latent residual). */
  variance: Float64Array;
  /** Per draw: variance / total. */
  share: Float64Array;
}

export interface VarianceShares {
  levels: VarianceLevel[];
  scale: 'response' | 'latent';
  /** How the residual variance is defined (e.g. 'sigma^2', 'pi^2/3 (latent logistic)'). */
  residual: string;
  /** Slope predictors' means used (empty without varying slopes). */
  atMeans: { group: string; coef: string; mean: number }[];
  /** Plain-language caveats (random slopes evaluated at the mean; latent scale), or null. */
  note: string | null;
}

function residualOf(family: string, link: string | undefined): { kind: 'sigma' | 'fixed'; value: number; label: string; scale: 'response' | 'latent' } {
  const fam = FAMILY_REGISTRY.get(family);
  const scale = fam?.classical.varianceScale ?? null;
  if (scale === 'response') return { kind: 'sigma', value: NaN, label: 'sigma^2', scale: 'response' };
  if (scale === 'latent') {
    const l = link ?? fam!.link;
    if (l === 'logit') return { kind: 'fixed', value: Math.PI ** 2 / 3, label: 'pi^2/3 (the latent logistic residual)', scale: 'latent' };
    if (l === 'probit') return { kind: 'fixed', value: 1, label: '1 (the latent normal residual)', scale: 'latent' };
    throw new ModelError(`Variance shares for ${family} models need the logit or probit link, not ${l}.`);
  }
  throw new ModelError(`Variance shares are defined here for gaussian models and for bernoulli/binomial models on the latent scale (logit, probit), not for ${family}.`);
}

const mean = (x: Float64Array) => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]; return s / x.length; };

/** Column indices of one term's sds and correlations and its evaluation point z. */
function termLayout(g: VarianceDesign['groups'][number], names: readonly string[]) {
  const col = (n: string) => {
    const j = names.indexOf(n);
    if (j < 0) throw new ModelError(`The draws have no ${n}: they do not belong to this model.`);
    return j;
  };
  const K = g.coefNames.length;
  const sd = g.coefNames.map((c) => col(`sd_${g.group}__${c}`));
  const cor: number[][] = [];
  for (let j = 0; j < K; j++) {
    cor.push([]);
    for (let k = 0; k < K; k++) cor[j].push(j < k && g.correlated ? col(`cor_${g.group}__${g.coefNames[j]}__${g.coefNames[k]}`) : -1);
  }
  const z = g.Z.map(mean);
  return { sd, cor, z, K };
}

/**
 * Per-draw variance shares of a fitted model. `rows` holds nDraws draws of `names`, row-major.
 * Terms with the same grouping factor (`(1 | g) + (0 + x | g)`) add up to one level.
 */
export function varianceShares(s: VarianceDesign, names: readonly string[], rows: Float64Array, nDraws: number, link?: string): VarianceShares {
  const res = residualOf(s.family, link);
  if (s.groups.length === 0) throw new ModelError('The model has no group-level terms, so all its variance is residual.');
  const P = names.length;
  const sigma = res.kind === 'sigma' ? names.indexOf('sigma') : -1;
  if (res.kind === 'sigma' && sigma < 0) throw new ModelError('The draws have no sigma: they do not belong to a gaussian model.');
  const layouts = s.groups.map((g) => ({ g, ...termLayout(g, names) }));
  const levelNames = [...new Set(s.groups.map((g) => g.group))];
  const V = levelNames.map(() => new Float64Array(nDraws));
  const Vres = new Float64Array(nDraws);
  for (let i = 0; i < nDraws; i++) {
    const base = i * P;
    for (const t of layouts) {
      // z' Sigma z with Sigma_jk = sd_j sd_k cor_jk
      let v = 0;
      for (let j = 0; j < t.K; j++) {
        const sj = rows[base + t.sd[j]] * t.z[j];
        v += sj * sj;
        for (let k = j + 1; k < t.K; k++) if (t.cor[j][k] >= 0) v += 2 * sj * rows[base + t.sd[k]] * t.z[k] * rows[base + t.cor[j][k]];
      }
      V[levelNames.indexOf(t.g.group)][i] += v;
    }
    Vres[i] = res.kind === 'sigma' ? rows[base + sigma] ** 2 : res.value;
  }
  const levels: VarianceLevel[] = [
    ...levelNames.map((name, l) => ({ name, kind: 'group' as const, variance: V[l], share: new Float64Array(nDraws) })),
    { name: 'Residual', kind: 'residual', variance: Vres, share: new Float64Array(nDraws) },
  ];
  for (let i = 0; i < nDraws; i++) {
    let total = 0;
    for (const l of levels) total += l.variance[i];
    for (const l of levels) l.share[i] = l.variance[i] / total;
  }
  const atMeans = layouts.flatMap((t) => t.g.coefNames.flatMap((c, j) => (c === 'Intercept' ? [] : [{ group: t.g.group, coef: c, mean: t.z[j] }])));
  const notes: string[] = [];
  if (atMeans.length) {
    notes.push(`With varying slopes the variance between groups depends on the predictor: evaluated here at its mean (${atMeans.map((a) => `${a.coef} = ${+a.mean.toPrecision(4)}`).join(', ')}).`);
  }
  if (res.scale === 'latent') notes.push(`Shares on the latent scale: the residual variance is ${res.label}.`);
  return { levels, scale: res.scale, residual: res.label, atMeans, note: notes.length ? notes.join(' ') : null };
}

export interface ShareSummary { name: string; kind: 'group' | 'residual'; mean: number; lower: number; upper: number }

/** Posterior mean and central interval (type-7 quantiles) of each level's share. */
export function summariseShares(shares: VarianceShares, prob = 0.95): ShareSummary[] {
  const a = (1 - prob) / 2;
  return shares.levels.map((l) => {
    const sorted = Float64Array.from(l.share).sort();
    let m = 0;
    for (let i = 0; i < sorted.length; i++) m += sorted[i];
    return { name: l.name, kind: l.kind, mean: m / sorted.length, lower: quantileSorted(sorted, a), upper: quantileSorted(sorted, 1 - a) };
  });
}
