// A family is data (brms R/families.R): everything the engine, the exports and the app need to
// know about one response distribution lives in one object of this shape, in one file per family.
// Consumers read it through the registry (index.ts) and never branch on the family's name.
//
// The log density follows Stan Math's operands_and_partials: the family supplies, per observation,
// its term of the log density and the partial with respect to the linear predictor eta, plus the
// terms of the sums from which the partials with respect to its distributional parameters follow;
// the model composes them (the chain rule through eta, the transforms and the priors). The same
// `row` function is used by the fused per-model loop (model/kernelsCodegen.ts)
// (spliced in as source) and by the multi-pass kernel (dist/likelihoodKernels.ts), so the two
// cannot disagree.

import type { Special } from './special';

/** The link functions the families use (brms names). */
export type LinkName = 'identity' | 'log' | 'logit' | 'probit';

/** A distributional parameter besides the mean (brms "dpar"): sigma, nu, shape. */
export interface DistParameter {
  /** brms name: the output column, the prior class, the summary row. */
  name: string;
  /**
   * Lower bound: the sampler's coordinate u gives the value lower + exp(u), log-Jacobian u
   * (Stan's lower-bound transform).
   */
  lower: number;
  /**
   * Optional upper bound (zi, hu in (0, 1)): the coordinate u then gives
   * lower + (upper - lower) inv_logit(u), log-Jacobian log(upper - lower) + log inv_logit(u)
   * + log(1 - inv_logit(u)) (Stan's lower-upper bound transform, transform/lowerUpperBound.ts).
   */
  upper?: number;
  /**
   * brms 2.18 get_prior's default: 'scale' is def_scale_prior's student_t(3, 0, s) computed from
   * the response on the family's prior link scale; anything else is the prior string itself.
   */
  defaultPrior: 'scale' | string;
  /** The Stan parameters-block line. */
  stanDeclaration: string;
  /** Symbol in the LaTeX equations. */
  latex: string;
}

/**
 * The log likelihood of the observations, constants dropped (Stan's `~`), as value and partials.
 * par holds the constrained distributional parameters in the order of Family.params.
 */
export interface LogLikelihood {
  /**
   * 1: only sum 0 is used; 2: the row also writes D[1], summed into sum 1; 3 and 4: also D[2]
   * (and D[3]), summed into sums 2 (and 3), e.g. one per-row partial for each of two
   * distributional parameters (zero_inflated_negbinomial: shape and zi).
   */
  sums: 1 | 2 | 3 | 4;
  /**
   * How many row constants prepare writes: 2 (c0, c1; the default) up to 4; constants c2 and c3
   * reach the row as its arguments after fn.
   */
  constants?: 2 | 3 | 4;
  /** True when the row reads the number of trials (binomial). */
  usesTrials: boolean;
  /**
   * Optional: the scale the row reads the response on, computed once per model (lognormal: log y).
   * The dropped constant and the response check see y itself.
   */
  responseScale?(y: number): number;
  /** Per-gradient constants of the row (c0, c1, and c2, c3 when `constants` says) from the distributional parameters. */
  prepare(par: Float64Array, c: Float64Array): void;
  /**
   * One observation y with linear predictor e (and trials t when usesTrials, else 0): returns its
   * term of sum 0, writes d lp_n / d e into D[0] and (sums >= 2) its term of sum k into D[k].
   * Its text is spliced into the fused loop (model/kernelsCodegen.ts spliceRow), so: arithmetic on
   * its arguments, Math and the special functions in `fn` only (no other outside name), D written
   * only as `D[0] = ...` .. `D[3] = ...`, and one `return`, the last statement.
   */
  row(y: number, e: number, t: number, c0: number, c1: number, D: Float64Array, fn: Special, c2?: number, c3?: number, cv?: Float64Array): number;
  /**
   * The log likelihood of n rows from the sums, constants dropped; writes d lp / d par[k]
   * into dPar[k]. With n = 1 and one row's terms it is that row's log likelihood. s2, s3: sums 2
   * and 3 when `sums` is 3 or 4 (else 0).
   */
  finish(s0: number, s1: number, n: number, par: Float64Array, dPar: Float64Array, s2: number, s3: number): number;
  /**
   * Optional: finish for the multi-pass kernel when it must round differently from `finish`
   * (the same value in exact arithmetic), so that kernel's draws stay what they were.
   */
  finishPasses?(s0: number, s1: number, n: number, par: Float64Array, c: Float64Array, dPar: Float64Array): number;
  /** The constant the row drops for one observation, so row + constant is the full log density. */
  constant(y: number, t: number): number;
  /**
   * Ordinal families (Family.ordinal): par holds the K - 1 thresholds and the row reads them by
   * category. The row takes a tenth argument cv (after c2, c3) (cv[k] for k = 0..K, prepared once per gradient)
   * and writes D[0] = d lp_n / d eta and D[1] = d lp_n / d par[y - 1] (its category's upper
   * threshold); the kernels also sum D[0] and D[1] per response category (G0[y], G1[y]), from which
   * `finish` gives d lp / d par. Families without it never receive cv.
   */
  categories?: {
    /** The row's per-category constants cv (length par.length + 2) from the thresholds par. */
    prepare(par: Float64Array, cv: Float64Array): void;
    /** d lp / d par[k] into dPar[k] from the per-category sums G0, G1 (length par.length + 2). */
    finish(G0: Float64Array, G1: Float64Array, dPar: Float64Array): void;
  };
}

/** The response rules and their messages (brms checks the same on its side). */
export interface ResponseRule {
  /** What the family needs, for messages: 'numbers', 'counts', 'a 0/1 response'. */
  needs: string;
  /** True when the response needs `| trials()` or `cbind(successes, failures)` (binomial). */
  trials: boolean;
  /** True when a two-level factor is coded 0/1 with the second level as 1 (bernoulli). */
  twoLevelFactor: boolean;
  /**
   * Checks the numeric response (already finite); returns the first offending index and the
   * message for it, or null when every value is fine. `row(i)` is the data row of index i.
   */
  check(y: Float64Array, label: string, row: (i: number) => number): string | null;
}

/** The working model chooseParameterization.ts fits to pick a parameterisation per group term. */
export interface WorkingModel {
  /**
   * Variance-stabilised response and its weight (rows of noise variance ~1 / weight), e.g.
   * Anscombe's 2 sqrt(y + 3/8) for counts.
   */
  stabilise(y: number, t: number): { w: number; weight: number };
  /**
   * How much a row tells about its level's effect on the link scale, relative to gaussian:
   * 'flat' (the same everywhere), 'count' ((sum y + 0.5) / (n + 0.5), the Poisson information
   * e^eta), 'proportion' (p (1 - p) with p from the level's successes and trials).
   */
  information: 'flat' | 'count' | 'proportion';
}

export interface Family {
  /** brms family name, e.g. 'gaussian'. */
  name: string;
  /** Link of the mean: this object's; the family's default (brms's) is links[0]. */
  link: LinkName;
  /**
   * The links the family accepts, the default first (brms: `bernoulli(link = "probit")`); absent:
   * only `link`. The object for another link is this one with that link's LinkVariant laid over
   * it (index.ts getFamily(name, link)).
   */
  links?: readonly LinkName[];
  /** What changes with each non-default link (the keys are links[1..]). */
  linkVariants?: ReadonlyMap<LinkName, LinkVariant>;
  /**
   * Scale on which brms's def_scale_prior reads the response for the default Intercept, sd and
   * sigma priors: the link for identity and log links; 'log' for families with a log scale
   * (lognormal); logit-link families get the fixed student_t(3, 0, 2.5).
   */
  priorLink: LinkName;
  /** Distributional parameters in brms order (empty for bernoulli, binomial, poisson). */
  params: DistParameter[];
  /**
   * Distributional parameters brms fixes rather than estimates but lists among the draws and
   * prints (cumulative's disc = 1): output columns after params, constant in every draw.
   */
  fixedParams?: readonly { name: string; value: number }[];
  /** print.brmsfit's Links line, e.g. 'mu = identity; sigma = identity'. */
  linksText: string;
  response: ResponseRule;
  logLik: LogLikelihood;
  /** Per-row cost of logLik.row in multiply-adds (transcendental calls count ~10-20), for LogDensity.gradientCost. */
  rowCost: number;
  /** Expected value of the response given eta (brms posterior_epred): the mean on the data scale. */
  expectedValue(e: number, t: number, par: ArrayLike<number>): number;
  /** One posterior predictive draw given eta (brms posterior_predict); u gives uniforms in (0, 1]. */
  predict(e: number, t: number, par: ArrayLike<number>, u: () => number): number;
  /** True for integer-valued responses (counts, 0/1): bars rather than a density in plots. */
  discrete: boolean;
  working: WorkingModel;
  /**
   * The family's classical counterparts, for the interpretation views (src/core/interpret):
   * `glm` is the model complete and no pooling fit by least squares or IRLS (null: none there);
   * `varianceScale` is where variance shares are defined: 'response' (sigma^2 is the residual
   * variance), 'latent' (the latent-scale residual of the link, pi^2/3 for logit), null (not defined).
   */
  classical: { glm: 'gaussian' | 'logit' | 'poisson' | null; varianceScale: 'response' | 'latent' | null };
  stan: {
    /** True when Y is `array[N] int` rather than `vector[N]`. */
    integerResponse: boolean;
    /** The likelihood with the linear predictor mu, e.g. 'normal_lpdf(Y | mu, sigma)'. */
    lpdf: string;
    /** The GLM form when there are population-level predictors X (brms uses it when it exists). */
    glm?: (X: string) => string;
    /**
     * Stan's inverse link applied to mu before lpdf when lpdf takes the mean rather than the
     * linear predictor (brms writes `mu = Phi(mu);`): 'Phi', 'exp', 'inv_logit'.
     */
    inverseLink?: string;
    /**
     * True when brms writes the likelihood one observation at a time, `for (n in 1:N) { target +=
     * lpdf; }`, lpdf then reading Y[n] and mu[n] (families with their own Stan functions).
     */
    perRow?: boolean;
    /** The functions-block text brms adds for the family (after scale_r_cor), without the braces. */
    functions?: string;
  };
  brms: {
    /** The family argument of brm(), e.g. 'gaussian()'. */
    call: string;
  };
  /**
   * Ordinal families (brms cumulative): the response is a category 1..K and the model has K - 1
   * ordered thresholds, brms class Intercept (coordinates Intercept[k], draws b_Intercept[k]),
   * in place of the population intercept; eta = Xc b + Z r has no intercept, and the family's
   * LogLikelihood reads the thresholds as its par (LogLikelihood.categories). Absent otherwise.
   */
  ordinal?: {
    /** K from the response: brms takes max(y) (standata nthres = max(Y) - 1), unused categories included. */
    categories(y: ArrayLike<number>): number;
    /** P(y = k + 1 | eta, thresholds) into out[k], k = 0..K-1 (brms posterior_epred for ordinal families). */
    probabilities(e: number, thresholds: ArrayLike<number>, out: Float64Array): void;
  };
  latex: {
    /** Symbol of the mean, e.g. '\\mu_{i}'. */
    mean: string;
    /** The response distribution, e.g. '\\operatorname{Normal}(\\mu_{i}, \\sigma)'. */
    distribution: string;
  };
}

/**
 * The parts of a family that change with its link (brms: the same family with another link):
 * the log likelihood and everything computed from the mean. The response rule, the
 * distributional parameters and the prior link scale stay the family's (brms def_scale_prior
 * gives student_t(3, 0, 2.5) for logit and probit alike).
 */
export type LinkVariant = Pick<Family, 'linksText' | 'logLik' | 'rowCost' | 'expectedValue' | 'predict' | 'classical' | 'stan' | 'brms' | 'ordinal'>
  & Partial<Pick<Family, 'working' | 'latex'>>;
