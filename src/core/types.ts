// The contracts between the pieces of src/core. Each module owns its implementation; these types
// are what the others may rely on. Change them only together with every user.

// ---------------------------------------------------------------------------------------------
// Data (src/core/io -> src/core/design, src/app)
// ---------------------------------------------------------------------------------------------

/** Detected type of a column. */
export type ColumnType = 'numeric' | 'integer' | 'binary' | 'categorical';

/**
 * A column's cell texts, packed in pieces (built and read by io/rawCells.ts; plain data, so it
 * structured-clones to workers as it is).
 */
export interface RawCells {
  /** Number of cells. */
  readonly length: number;
  /** Cells per piece: every piece but the last holds exactly this many (> 0). */
  readonly pieceSize: number;
  /** Each piece's cell texts, concatenated. */
  readonly texts: readonly string[];
  /**
   * Each piece's cell end offsets in its text: cell k is text.slice(ends[k - 1] ?? 0, ends[k]);
   * 16-bit when the piece's text is shorter than 65,536 characters.
   */
  readonly ends: readonly (Uint16Array | Uint32Array)[];
}

export interface DataColumn {
  name: string;
  /** Cell text as read (trimmed); '' for an empty cell. Length nRows; packed (io/rawCells.ts: rawCellAt). */
  raw: RawCells;
  /** 1 where the cell is missing: empty, NA, NaN or '.'. */
  missing: Uint8Array;
  /**
   * Parsed numbers when every non-missing cell is numeric (NaN at missing cells), else null
   * (a categorical column).
   */
  numeric: Float64Array | null;
  /** Detected type. 'binary': exactly two distinct non-missing values (numeric or not). */
  type: ColumnType;
  /** The user's choice: treat this column as a factor (categorical) in models. */
  asFactor: boolean;
  /** Number of missing cells. */
  nMissing: number;
  /** Set on a column the app made from others (design/withinBetween.ts); absent for columns read from the file. */
  derived?: DerivedFrom;
  /**
   * The user's order of a text column's values, lowest first (R's factor(x, levels = ...,
   * ordered = TRUE)): an ordinal response is coded 1..K in this order. Absent: R's sort order.
   */
  levels?: string[];
}

/**
 * How a derived column was made: 'between' is the mean of `source` over the rows of each `group`
 * level (rows where `source` is missing left out), 'within' is `source` minus that mean.
 * `partner` names the other column of the pair.
 */
export interface DerivedFrom {
  kind: 'between' | 'within';
  source: string;
  group: string;
  partner: string;
}

export interface DataTable {
  /** File or example name, e.g. 'sleepstudy.csv'. */
  name: string;
  nRows: number;
  columns: DataColumn[];
}

// ---------------------------------------------------------------------------------------------
// Priors (src/core/design builds them, src/core/model evaluates them)
// ---------------------------------------------------------------------------------------------

/**
 * A prior density as brms writes it. Evaluated with constants dropped (Stan's `~`), except where
 * the sampler does not care anyway. Bounds (half-t on sd) are implied by the parameter class.
 */
export type PriorDensity =
  | { dist: 'flat' }
  | { dist: 'normal'; mu: number; sigma: number }
  | { dist: 'student_t'; nu: number; mu: number; sigma: number }
  | { dist: 'cauchy'; mu: number; sigma: number }
  | { dist: 'exponential'; rate: number }
  | { dist: 'gamma'; shape: number; rate: number }
  | { dist: 'inv_gamma'; shape: number; scale: number }
  | { dist: 'lognormal'; mu: number; sigma: number }
  | { dist: 'uniform'; lower: number; upper: number }
  | { dist: 'beta'; alpha: number; beta: number }
  | { dist: 'lkj'; eta: number };

/** One row of the priors table, as brms's get_prior() prints it. */
export interface PriorRow {
  /** brms prior string, e.g. 'student_t(3, 288.7, 59.3)'; '' for flat / inherited. */
  prior: string;
  /** 'b' | 'Intercept' | 'sd' | 'cor' | 'sigma' | 'nu' | 'shape' */
  class: string;
  coef: string;
  group: string;
  /** 'default' or 'user' */
  source: 'default' | 'user';
}

// ---------------------------------------------------------------------------------------------
// Model structure (src/core/design -> src/core/model)
// ---------------------------------------------------------------------------------------------

/**
 * A brms family name, one of the registry's (src/core/families: gaussian, student, bernoulli,
 * binomial, poisson, negbinomial). A string, so that adding a family touches no type here.
 */
export type FamilyName = string;

/** The prior of one of the family's distributional parameters (sigma, nu, shape). */
export interface FamilyParamPrior {
  /** brms name, as the family's params list names it. */
  name: string;
  prior: PriorDensity;
}

/** How the sampler sees a group term's effects (GroupTerm.parameterization). */
export type GroupParameterization = 'noncentered' | 'centered' | 'hcentered';

/** One group-level term `(coefs | group)` after expansion, as brms numbers them (id 1, 2, ...). */
export interface GroupTerm {
  /** 1-based term id as brms numbers group terms (r_1, r_2 ...). */
  id: number;
  /** Grouping factor as brms names it: 'Subject', 'district_id:class_id'. */
  group: string;
  /** Factor levels (labels), sorted as R sorts them; used in r_ names. */
  levels: string[];
  /** Per observation: 0-based level index. Length N. */
  index: Int32Array;
  /** Coefficient names: 'Intercept', 'Days', 'size_c:age_c'. */
  coefNames: string[];
  /** Group-level design columns (raw, not centred), one Float64Array of length N per coef. */
  Z: Float64Array[];
  /** `(...|g)` correlated (needs a Cholesky factor when coefNames.length > 1); `(...||g)` not. */
  correlated: boolean;
  /** Prior on each sd (half-distribution: sd > 0). */
  sdPriors: PriorDensity[];
  /** LKJ eta for the correlation (only used when correlated and K > 1). */
  lkjEta: number;
  /**
   * Parameterisation of the group effects: 'noncentered' (brms: r = diag(sd) L z), 'centered'
   * (r sampled directly with r ~ MVN(0, Sigma)) or 'hcentered' (hierarchically centred: the
   * sampler's coordinates are beta_j = r_j + (Intercept, 0, ..., 0), beta_j ~ MVN((Intercept, 0, ..),
   * Sigma); needs a population intercept and the term's first coefficient 'Intercept' with Z = 1;
   * at most one term per model). Same posterior, same names and outputs.
   */
  parameterization: GroupParameterization;
}

export interface ModelStructure {
  family: FamilyName;
  /** The link of the mean, one of the family's (families getFamily); absent: the family's default. */
  link?: string;
  /** Number of observations after dropping rows with missing values. */
  N: number;
  /** Response (for bernoulli 0/1; binomial successes; counts for poisson/negbinomial). */
  y: Float64Array;
  /** Binomial trials, length N (binomial only). */
  trials: Float64Array | null;
  /** Offset added to the linear predictor, length N, or null. */
  offset: Float64Array | null;
  /** True when the population part has an intercept (brms centres X and uses a temporary intercept). */
  hasIntercept: boolean;
  /**
   * Population-level design without the intercept column, row-major N x K, NOT centred
   * (the model centres it when hasIntercept, as brms does, and keeps the means).
   */
  X: Float64Array;
  K: number;
  /** Coefficient names as R's model.matrix names them, without 'b_' (e.g. 'Days', 'period2'). */
  bNames: string[];
  /** Prior on the temporary intercept (brms class 'Intercept'). */
  interceptPrior: PriorDensity;
  /** Prior per population coefficient (length K). */
  bPriors: PriorDensity[];
  groups: GroupTerm[];
  /**
   * Priors of the family's distributional parameters, in the order of its params list
   * (families/*.ts); a parameter left out has a flat prior.
   */
  familyPriors: FamilyParamPrior[];
  /**
   * Ordinal families (Family.ordinal): the prior of each of the K - 1 thresholds (brms class
   * Intercept, coef 1..K-1); its length is the number of thresholds. They take the place of the
   * population intercept (hasIntercept stays true: X is centred as brms does). Absent otherwise.
   */
  thresholdPriors?: PriorDensity[];
}

// ---------------------------------------------------------------------------------------------
// Log density (src/core/model -> src/core/sampler)
// ---------------------------------------------------------------------------------------------

export interface LogDensity {
  /** Dimension of the unconstrained parameter vector. */
  readonly dim: number;
  /** Names of the unconstrained coordinates (for messages: "Intercept", "log sd_1[1]", "z_1[2,5]"). */
  readonly unconstrainedNames: string[];
  /**
   * Log density on the unconstrained scale, Jacobian included, constants may be dropped.
   * Writes the gradient into `grad` (length dim). Returns -Infinity (and leaves grad
   * unspecified) when theta is outside the support or the value is not finite.
   */
  logDensityGradient(theta: Float64Array, grad: Float64Array): number;
  /**
   * Rough cost of one gradient in multiply-adds (the unit metricChoice.ts converts to time), for choices that weigh work per
   * gradient, such as the dense metric (metricChoice.ts). Optional; deterministic (no timing).
   */
  readonly gradientCost?: number;
}

/** A compiled model: a log density plus the mapping to the output parameters users read. */
export interface CompiledModel extends LogDensity {
  /** Output parameter names in brms order: b_*, sd_*, cor_*, sigma/nu/shape, r_*. */
  readonly outputNames: string[];
  /** Writes the constrained / generated output parameters for theta (length outputNames.length). */
  writeDraw(theta: Float64Array, out: Float64Array): void;
  readonly structure: ModelStructure;
}

// ---------------------------------------------------------------------------------------------
// Sampler (src/core/sampler -> workers, cli)
// ---------------------------------------------------------------------------------------------

export type MetricSetting = 'diag' | 'dense' | 'auto';

export interface SamplerSettings {
  chains: number;
  warmup: number;
  /** Post-warmup draws per chain. */
  iter: number;
  seed: number;
  adaptDelta: number;
  maxTreedepth: number;
  /**
   * 'auto' (default): the diagonal metric, or a dense one when the warmup draws are so correlated
   * that it saves more steps than its d x d product costs (metricChoice.ts; 'fast' adaptation only,
   * Stan's adaptation uses diag). 'diag' / 'dense': as Stan's diag_e / dense_e.
   */
  metric: MetricSetting;
  /** Init radius (uniform(-R, R) on the unconstrained scale). Default 2. */
  initRadius: number;
  /**
   * Warmup adaptation. 'fast' (default): the diagonal metric re-estimated after every warmup
   * iteration from draws AND gradients over a running window (nutpie's sqrt(var q / var grad), exact
   * for Gaussians, good from 3 draws), then Stan's last window (the sampling metric: variance of the
   * draws, or dense under 'auto') and terminal buffer. 'stan': Stan's adaptation exactly
   * (75-iteration initial buffer, doubling windows, variance of the draws). Same posterior either way.
   */
  adaptation?: 'fast' | 'stan';
}

export const DEFAULT_SETTINGS: SamplerSettings = {
  chains: 4, warmup: 1000, iter: 1000, seed: 1, adaptDelta: 0.8, maxTreedepth: 10,
  metric: 'auto', initRadius: 2, adaptation: 'fast',
};

/** Stan's per-iteration sampler stats, in the order of the draws CSV. */
export const SAMPLER_STAT_NAMES = [
  'lp__', 'accept_stat__', 'stepsize__', 'treedepth__', 'n_leapfrog__', 'divergent__', 'energy__',
] as const;

// ---------------------------------------------------------------------------------------------
// Diagnostics (src/core/diagnostics -> app, cli)
// ---------------------------------------------------------------------------------------------

export interface SummaryRow {
  name: string;
  mean: number;
  sd: number;
  median: number;
  mad: number;
  /** Requested quantiles, keyed like 'q5', 'q95' (probability x 100). */
  quantiles: Record<string, number>;
  /** null where posterior gives NA. */
  rhat: number | null;
  ess_bulk: number | null;
  ess_tail: number | null;
  mcse_mean: number | null;
}
