// brms's `hypothesis()` over posterior draws (R/hypothesis.R, brms 2.18, `eval_hypothesis`):
//  - `a > b` is rewritten `(a)-(b) > 0` and evaluated per draw;
//  - Estimate and Est.Error are the mean and sd (n - 1) of those draws;
//  - the interval is the type-7 quantiles at (alpha/2, 1 - alpha/2) for `=` and at
//    (alpha, 1 - alpha) for `<` and `>`: with alpha = 0.05 a 95% interval for a point hypothesis
//    and a 90% interval for a one-sided one (each bound then a one-sided 95% bound), as brms's
//    print footnote says ("90%-CI for one-sided and 95%-CI for two-sided hypotheses");
//  - Evid.Ratio for `>` is #(d > 0) / (S - #(d > 0)) (for `<`, #(d < 0) likewise): the posterior
//    odds of the hypothesis; Post.Prob = ER / (1 + ER), 1 when ER is infinite;
//  - for `=` the evidence ratio is a Savage-Dickey density ratio that needs prior draws
//    (`sample_prior = TRUE`); without them brms prints NA, and so do we (NaN here);
//  - Star: `*` when the interval excludes 0 (`=`) or Post.Prob > 1 - alpha (`<`, `>`).
import { quantileSorted } from '../diagnostics/quantile7';
import { roundR } from '../design/rStats';
import { parseHypothesis, type HypothesisNode, type HypothesisSign } from './hypothesisParser';

export { HypothesisError, parseHypothesis, type ParsedHypothesis } from './hypothesisParser';

export interface HypothesisResult {
  /** brms's Hypothesis column, e.g. `(Days)-(5) > 0`. */
  hypothesis: string;
  /** The text the user wrote. */
  input: string;
  sign: HypothesisSign;
  estimate: number;
  estError: number;
  ciLower: number;
  ciUpper: number;
  /** NaN for `=` (brms: NA without prior draws). */
  evidRatio: number;
  /** NaN for `=`. */
  postProb: number;
  star: boolean;
  alpha: number;
  parameters: string[];
}

/** Looks up a parameter's draws (pooled over chains, S values). */
export type DrawsOf = (name: string) => Float64Array;

const FUNCTIONS = { exp: Math.exp, log: Math.log, sqrt: Math.sqrt, abs: Math.abs } as const;

function binary(op: '+' | '-' | '*' | '/' | '^', a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '^': return a ** b;
  }
}

/** Evaluates the expression elementwise over S draws (numbers stay scalars until combined with draws). */
export function evaluateExpression(node: HypothesisNode, draws: DrawsOf, S: number): Float64Array | number {
  switch (node.kind) {
    case 'num': return node.value;
    case 'par': {
      const v = draws(node.name);
      if (v.length !== S) throw new Error(`${node.name} has ${v.length} draws, expected ${S}`);
      return v;
    }
    case 'neg': return map1(evaluateExpression(node.arg, draws, S), (x) => -x);
    case 'call': return map1(evaluateExpression(node.arg, draws, S), FUNCTIONS[node.fn]);
    case 'bin': {
      const a = evaluateExpression(node.left, draws, S);
      const b = evaluateExpression(node.right, draws, S);
      if (typeof a === 'number' && typeof b === 'number') return binary(node.op, a, b);
      const out = new Float64Array(S);
      for (let i = 0; i < S; i++) out[i] = binary(node.op, typeof a === 'number' ? a : a[i], typeof b === 'number' ? b : b[i]);
      return out;
    }
  }
}

function map1(x: Float64Array | number, f: (v: number) => number): Float64Array | number {
  if (typeof x === 'number') return f(x);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = f(x[i]);
  return out;
}

/** Mean as R computes it: the sum over n, then one refinement pass (summary.c, `rsum` + correction). */
function meanR(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  const m = s / x.length;
  let t = 0;
  for (let i = 0; i < x.length; i++) t += x[i] - m;
  return m + t / x.length;
}

function sdR(x: Float64Array, m: number): number {
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}

/** brms's summary of the draws of `left - right` for one hypothesis. */
export function summariseHypothesis(values: Float64Array, sign: HypothesisSign, alpha: number): Omit<HypothesisResult, 'hypothesis' | 'input' | 'parameters'> {
  if (!(alpha > 0 && alpha < 0.5)) throw new Error(`alpha must be between 0 and 0.5 (0.05 gives brms's default), got ${alpha}`);
  const S = values.length;
  if (S < 2) throw new Error('A hypothesis needs at least 2 posterior draws.');
  const sorted = Float64Array.from(values).sort();
  if (Number.isNaN(sorted[S - 1])) throw new Error('The hypothesis is not a number for some draws (e.g. log of a negative value or 0/0): rewrite it.');
  const estimate = meanR(values);
  const estError = sdR(values, estimate);
  const [pLo, pHi] = sign === '=' ? [alpha / 2, 1 - alpha / 2] : [alpha, 1 - alpha];
  const ciLower = quantileSorted(sorted, pLo);
  const ciUpper = quantileSorted(sorted, pHi);
  let evidRatio = NaN;
  let postProb = NaN;
  if (sign !== '=') {
    let hits = 0;
    for (let i = 0; i < S; i++) if (sign === '>' ? values[i] > 0 : values[i] < 0) hits++;
    evidRatio = hits / (S - hits);
    postProb = evidRatio === Infinity ? 1 : evidRatio / (1 + evidRatio);
  }
  const star = sign === '=' ? !(ciLower <= 0 && 0 <= ciUpper) : postProb > 1 - alpha;
  return { sign, estimate, estError, ciLower, ciUpper, evidRatio, postProb, star, alpha };
}

/** Parses, evaluates and summarises one hypothesis; throws HypothesisError for bad input. */
export function evaluateHypothesis(text: string, names: readonly string[], draws: DrawsOf, S: number, alpha = 0.05): { result: HypothesisResult; values: Float64Array } {
  const parsed = parseHypothesis(text, names);
  const v = evaluateExpression(parsed.expression, draws, S);
  // A fresh array the caller may sort: a bare parameter would otherwise alias its draws.
  const values = typeof v === 'number' ? new Float64Array(S).fill(v) : parsed.expression.kind === 'par' ? v.slice() : v;
  const summary = summariseHypothesis(values, parsed.sign, alpha);
  return { result: { hypothesis: parsed.label, input: text, parameters: parsed.parameters, ...summary }, values };
}

/** R's `round(x, 2)` then print: NA for NaN, Inf as R prints it. */
export function formatBrms(x: number, digits = 2): string {
  if (Number.isNaN(x)) return 'NA';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  const r = roundR(x, digits);
  return String(Object.is(r, -0) ? 0 : r);
}

/** brms's `limit_chars(x, 20)`: long hypotheses keep 17 characters, `...` and their last 4. */
export function limitChars(x: string, chars = 20, lsuffix = 4): string {
  const body = x.length - lsuffix;
  if (body <= chars) return x;
  return `${x.slice(0, chars - 3)}...${x.slice(body)}`;
}

/** The CSV of the results: brms's columns (full-precision numbers, NA as in R). */
export function hypothesesCsv(results: readonly HypothesisResult[]): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const num = (x: number) => (Number.isNaN(x) ? 'NA' : x === Infinity ? 'Inf' : x === -Infinity ? '-Inf' : String(x));
  const lines = ['Hypothesis,Estimate,Est.Error,CI.Lower,CI.Upper,Evid.Ratio,Post.Prob,Star,alpha'];
  for (const r of results) {
    lines.push([q(r.hypothesis), num(r.estimate), num(r.estError), num(r.ciLower), num(r.ciUpper), num(r.evidRatio), num(r.postProb), r.star ? '*' : '', num(r.alpha)].join(','));
  }
  return `${lines.join('\n')}\n`;
}
