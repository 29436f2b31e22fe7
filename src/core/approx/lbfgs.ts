// L-BFGS minimisation as Stan's optimizer (stan-dev/stan src/stan/optimization/bfgs.hpp,
// BFGSMinimizer::step, and lbfgs_update.hpp, LBFGSUpdate; commit 90485550): the two-loop recursion
// over the last `historySize` pairs (s, y) with the initial inverse Hessian gamma I, gamma = s'y / y'y
// of the newest pair (Nocedal & Wright 2006, Algorithm 7.4, eq. 7.20); the first step, and any step
// after a failed line search, restarts from steepest descent with step initAlpha; later steps start
// the line search from 1.01 x the minimiser of the cubic through the previous step (capped at 1).
// Convergence tests and their order are Stan's, with CmdStan's defaults (optimize method=lbfgs).
import { cubicInterp, evaluate, LINE_SEARCH_DEFAULTS, wolfeLineSearch, type Objective } from './lineSearch';

export interface LbfgsOptions {
  historySize: number;
  initAlpha: number;
  /** Absolute change in the objective. */
  tolObj: number;
  /** Relative change in the objective, in units of machine epsilon. */
  tolRelObj: number;
  /** Norm of the gradient. */
  tolGrad: number;
  /** Relative gradient magnitude g' H^-1 g / max(|f|, 1), in units of machine epsilon. */
  tolRelGrad: number;
  /** Norm of the step. */
  tolParam: number;
  maxIterations: number;
}

/** CmdStan's optimize defaults (history_size 5, init_alpha 0.001, tol_rel_grad 1e7, ...), iter 2000. */
export const LBFGS_DEFAULTS: LbfgsOptions = {
  historySize: 5, initAlpha: 1e-3, tolObj: 1e-12, tolRelObj: 1e4, tolGrad: 1e-8, tolRelGrad: 1e7, tolParam: 1e-8,
  maxIterations: 2000,
};

/** Stan's TerminationCondition, plus 'initFailed' when the objective is undefined at the start. */
export type LbfgsStatus =
  | 'absObjective' | 'relObjective' | 'absGradient' | 'relGradient' | 'absParameter'
  | 'maxIterations' | 'lineSearchFailed' | 'initFailed';

const CONVERGED: ReadonlySet<LbfgsStatus> = new Set(['absObjective', 'relObjective', 'absGradient', 'relGradient', 'absParameter']);

/** Stan's messages (BFGSMinimizer::get_code_string). */
export const STATUS_MESSAGES: Record<LbfgsStatus, string> = {
  absObjective: 'Convergence detected: absolute change in objective function was below tolerance',
  relObjective: 'Convergence detected: relative change in objective function was below tolerance',
  absGradient: 'Convergence detected: gradient norm is below tolerance',
  relGradient: 'Convergence detected: relative gradient magnitude is below tolerance',
  absParameter: 'Convergence detected: absolute parameter change was below tolerance',
  maxIterations: 'Maximum number of iterations hit, may not be at an optima',
  lineSearchFailed: 'Line search failed to achieve a sufficient decrease, no more progress can be made',
  initFailed: 'The objective or its gradient is not finite at the initial point',
};

export interface LbfgsResult {
  x: Float64Array;
  /** Objective and gradient at x. */
  value: number;
  gradient: Float64Array;
  iterations: number;
  /** Objective + gradient evaluations. */
  evaluations: number;
  status: LbfgsStatus;
  converged: boolean;
  message: string;
}

/** The (s, y) history and the two-loop recursion (Stan's LBFGSUpdate). */
class History {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private gamma = 1;
  private readonly alphas: Float64Array;
  constructor(private readonly size: number) { this.alphas = new Float64Array(size); }

  /** Adds a pair; on reset forgets the others and returns y'y / s'y, the scale of the initial Hessian. */
  update(yk: Float64Array, sk: Float64Array, reset: boolean): number {
    const sy = dot(yk, sk), yy = dot(yk, yk);
    if (reset) { this.s.length = 0; this.y.length = 0; this.rho.length = 0; }
    if (this.s.length === this.size) { this.s.shift(); this.y.shift(); this.rho.shift(); }
    this.s.push(Float64Array.from(sk)); this.y.push(Float64Array.from(yk)); this.rho.push(1 / sy);
    this.gamma = sy / yy;
    return reset ? yy / sy : 1;
  }

  /** p = -H g with H the L-BFGS inverse Hessian. */
  direction(p: Float64Array, g: Float64Array): void {
    const n = p.length, m = this.s.length;
    for (let i = 0; i < n; i++) p[i] = -g[i];
    for (let k = m - 1; k >= 0; k--) {
      const a = this.rho[k] * dot(this.s[k], p);
      this.alphas[k] = a;
      const y = this.y[k];
      for (let i = 0; i < n; i++) p[i] -= a * y[i];
    }
    for (let i = 0; i < n; i++) p[i] *= this.gamma;
    for (let k = 0; k < m; k++) {
      const b = this.rho[k] * dot(this.y[k], p);
      const c = this.alphas[k] - b, s = this.s[k];
      for (let i = 0; i < n; i++) p[i] += c * s[i];
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number { return Math.sqrt(dot(a, a)); }

/** Called with each iterate (the start, then after every successful step): point, objective, gradient. */
export type LbfgsTrace = (x: Float64Array, value: number, gradient: Float64Array) => void;

/** Minimises f from x0 (not modified). `trace` sees the path (Pathfinder fits along it). */
export function lbfgsMinimize(f: Objective, x0: Float64Array, options: Partial<LbfgsOptions> = {}, trace?: LbfgsTrace): LbfgsResult {
  const o = { ...LBFGS_DEFAULTS, ...options };
  const st = new LbfgsState(f, x0, o);
  if (Number.isNaN(st.fk)) return st.result('initFailed');
  trace?.(st.xk, st.fk, st.gk);
  for (;;) {
    const status = st.step();
    if (status !== 'lineSearchFailed') trace?.(st.xk, st.fk, st.gk);
    if (status !== null) return st.result(status);
  }
}

/** The iterate k and k-1 of Stan's BFGSMinimizer. */
class LbfgsState {
  xk: Float64Array; gk: Float64Array; pk: Float64Array; fk: number;
  xk1: Float64Array; gk1: Float64Array; pk1: Float64Array; fk1 = NaN;
  alphak1 = 0;
  iterations = 0;
  evaluations = 0;
  private readonly qn: History;
  private readonly sk: Float64Array;
  private readonly yk: Float64Array;
  private readonly counted: Objective;

  constructor(f: Objective, x0: Float64Array, private readonly o: LbfgsOptions) {
    const n = x0.length;
    this.counted = (x, g) => { this.evaluations++; return f(x, g); };
    this.xk = Float64Array.from(x0); this.gk = new Float64Array(n); this.pk = new Float64Array(n);
    this.xk1 = new Float64Array(n); this.gk1 = new Float64Array(n); this.pk1 = new Float64Array(n);
    this.sk = new Float64Array(n); this.yk = new Float64Array(n);
    this.qn = new History(o.historySize);
    this.fk = evaluate(this.counted, this.xk, this.gk);
    for (let i = 0; i < n; i++) this.pk[i] = -this.gk[i];
  }

  /** One iteration; returns the termination status, or null to go on. */
  step(): LbfgsStatus | null {
    this.iterations++;
    let reset = this.iterations === 1 ? 1 : 0;
    let alpha: number;
    for (;;) {
      if (reset) for (let i = 0; i < this.pk.length; i++) this.pk[i] = -this.gk[i];
      alpha = this.iterations > 1 && reset !== 2
        ? Math.min(1, 1.01 * cubicInterp(dot(this.gk1, this.pk1), this.alphak1, this.fk - this.fk1, dot(this.gk, this.pk1), LINE_SEARCH_DEFAULTS.minAlpha, 1))
        : this.o.initAlpha;
      const ls = wolfeLineSearch(this.counted, alpha, this.pk, this.xk, this.fk, this.gk, { x1: this.xk1, g1: this.gk1 });
      if (!Number.isNaN(ls.alpha)) { alpha = ls.alpha; this.fk1 = ls.value; break; }
      if (reset) return 'lineSearchFailed';
      reset = 2;
    }
    this.swap();
    const n = this.xk.length;
    for (let i = 0; i < n; i++) { this.sk[i] = this.xk[i] - this.xk1[i]; this.yk[i] = this.gk[i] - this.gk1[i]; }
    if (reset) {
      const b0 = this.qn.update(this.yk, this.sk, true);
      for (let i = 0; i < n; i++) this.pk1[i] /= b0;
      this.alphak1 = alpha * b0;
    } else {
      this.qn.update(this.yk, this.sk, false);
      this.alphak1 = alpha;
    }
    this.qn.direction(this.pk, this.gk);
    return this.convergence();
  }

  /** After a step the new point becomes k and the old one k-1. */
  private swap(): void {
    [this.xk, this.xk1] = [this.xk1, this.xk];
    [this.gk, this.gk1] = [this.gk1, this.gk];
    [this.pk, this.pk1] = [this.pk1, this.pk];
    [this.fk, this.fk1] = [this.fk1, this.fk];
  }

  private convergence(): LbfgsStatus | null {
    const eps = Number.EPSILON;
    const change = Math.abs(this.fk1 - this.fk);
    if (change < this.o.tolObj) return 'absObjective';
    if (norm(this.gk) < this.o.tolGrad) return 'absGradient';
    if (norm(this.sk) < this.o.tolParam) return 'absParameter';
    if (this.iterations >= this.o.maxIterations) return 'maxIterations';
    if (change / Math.max(Math.abs(this.fk1), Math.abs(this.fk), 1) < this.o.tolRelObj * eps) return 'relObjective';
    if (-dot(this.pk, this.gk) / Math.max(Math.abs(this.fk), 1) < this.o.tolRelGrad * eps) return 'relGradient';
    return null;
  }

  result(status: LbfgsStatus): LbfgsResult {
    return {
      x: Float64Array.from(this.xk), value: this.fk, gradient: Float64Array.from(this.gk),
      iterations: this.iterations, evaluations: this.evaluations, status,
      converged: CONVERGED.has(status), message: STATUS_MESSAGES[status],
    };
  }
}
