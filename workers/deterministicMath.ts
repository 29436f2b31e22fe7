// Same draws in every JavaScript engine. The transcendental Math functions are not specified
// bit-for-bit by ECMAScript, and engines do differ: Chromium 156 and Node 20 disagree in the
// last bit of Math.exp/log/pow/... for ~10% of arguments (measured), and NUTS trajectories
// amplify a last-bit difference into different draws within ~100 iterations. The chain shells
// (browser worker, Node thread) therefore replace them, in their own global scope only, with
// stdlib's pure-JavaScript fdlibm ports, which use only IEEE-exact arithmetic and so give the
// same bits everywhere. The @stdlib packages are those already installed with the project's
// @stdlib dependencies (gammaln, digamma, ...).
import stdlibExpModule from '@stdlib/math-base-special-exp';
import ln from '@stdlib/math-base-special-ln';
import stdlibLog1pModule from '@stdlib/math-base-special-log1p';
import expm1 from '@stdlib/math-base-special-expm1';
import pow from '@stdlib/math-base-special-pow';
import sin from '@stdlib/math-base-special-sin';
import cos from '@stdlib/math-base-special-cos';
import tan from '@stdlib/math-base-special-tan';
import asin from '@stdlib/math-base-special-asin';
import acos from '@stdlib/math-base-special-acos';

// The fallbacks as plain constants: a bundler turns a call of a CommonJS default import into a
// property load (module.default) at every call. The rare calls themselves get V8's type feedback
// from warmUpBranches() below, so optimised code keeps them instead of deoptimising there.
const stdlibExp: (x: number) => number = stdlibExpModule;
const stdlibLog1p: (x: number) => number = stdlibLog1pModule;

// exp: stdlib's fdlibm port (e_exp.c) step for step, except the final ldexp(y, k), which stdlib
// does through the float's words, becomes y * 2^k from a table when the result is a normal number
// (y is in [0.7, 1.42], so exactly when k is in [-1021, 1023]): the same bits, with no word splitting.
const LOG2_E = 1.4426950408889634;
// ln 2 split into a high part with a short significand and the rest (fdlibm), for exp and log1p.
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const EXP_OVERFLOW = 7.09782712893383973096e+02;
const EXP_UNDERFLOW = -7.45133219101941108420e+02;
const EXP_NEARZERO = 1.0 / (1 << 28);
const POW2 = new Float64Array(1023 + 1021 + 1);
for (let k = -1021; k <= 1023; k++) POW2[k + 1021] = 2 ** k;

export function exp(x: number): number {
  if (Number.isNaN(x) || x === Infinity) return x;
  if (x === -Infinity) return 0;
  if (x > EXP_OVERFLOW) return Infinity;
  if (x < EXP_UNDERFLOW) return 0;
  if (x > -EXP_NEARZERO && x < EXP_NEARZERO) return 1 + x;
  const k = x < 0 ? Math.trunc(LOG2_E * x - 0.5) : Math.trunc(LOG2_E * x + 0.5);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const p = t === 0 ? 0.16666666666666602
    : 0.16666666666666602 + t * (-0.0027777777777015593 + t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8)));
  const c = r - t * p;
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  // "* 1": see log1p below (a call's result would make V8 box every return value of the inlined exp).
  return k >= -1021 && k <= 1023 ? y * POW2[k + 1021] : stdlibExp(x) * 1;
}

// log1p: stdlib's fdlibm port (s_log1p.c), with its two common branches written out small enough
// for V8 to inline into the likelihood loops (log1p(e^-|eta|) per row in the logit families):
// stdlib's function is too large to inline, and a call that returns a double costs a heap number.
// Both branches are the same operations in the same order as stdlib's, so the same bits; stdlib's
// word manipulation (exponent k, top 20 fraction bits hu) becomes exact arithmetic there:
// - |x| in [2^-29, sqrt2 - 1) and x > sqrt2/2 - 1: fdlibm's k = 0 branch, f = x.
// - x in [sqrt2 - 1, 1): u = 1 + x is in [sqrt2, 2), so k = 0 and hu >= 434334, which takes
//   fdlibm's "k += 1" branch: f = u/2 - 1 (the exponent set to -1 halves u exactly) and
//   hu = (2^20 - floor((u - 1) 2^20)) >> 2, which is 0 only for u within 3 * 2^-20 of 2.
// Everything else (negative, >= 1, tiny, +-0, specials) is stdlib's function itself.
const SQRT2M1 = 4.142135623730950488017e-01;
const SQRT2HALFM1 = -2.928932188134524755992e-01;
const LOG1P_SMALL = 1.862645149230957e-09;

export function log1p(x: number): number {
  if (x > SQRT2HALFM1 && x < SQRT2M1) {
    if (x > LOG1P_SMALL || x < -LOG1P_SMALL) {
      const hfsq = 0.5 * x * x;
      const s = x / (2 + x);
      const z = s * s;
      const R = z * (0.6666666666666735 + z * (0.3999999999940942 + z * (0.2857142874366239 + z * (0.22222198432149784 + z * (0.1818357216161805 + z * (0.15313837699209373 + z * 0.14798198605116586))))));
      return x - (hfsq - s * (hfsq + R));
    }
  } else if (x >= SQRT2M1 && x < 1) {
    const u = 1 + x;
    const hu = (1048576 - Math.floor((u - 1) * 1048576)) >> 2;
    if (hu !== 0) {
      const c = (x - (u - 1)) / u;
      const f = 0.5 * u - 1;
      const hfsq = 0.5 * f * f;
      const s = f / (2 + f);
      const z = s * s;
      const R = z * (0.6666666666666735 + z * (0.3999999999940942 + z * (0.2857142874366239 + z * (0.22222198432149784 + z * (0.1818357216161805 + z * (0.15313837699209373 + z * 0.14798198605116586))))));
      return LN2_HI - ((hfsq - (s * (hfsq + R) + (LN2_LO + c))) - f);
    }
  }
  // "* 1" (exact, keeps -0, NaN, +-Infinity) tells V8 the call returns a number: without it the
  // inlined function's result merges a tagged call result with the branches' doubles, and every
  // result, fast branches included, is boxed in a fresh heap number (measured: 16 bytes per row,
  // 0.9 KB per cbpp gradient, a scavenge every ~2,000 gradients).
  return stdlibLog1p(x) * 1;
}

/** fdlibm s_tanh.c on top of the portable expm1. */
export function tanh(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  let z: number;
  if (a < 22) {
    if (a < 2 ** -55) return x;
    if (a >= 1) {
      const t = expm1(2 * a);
      z = 1 - 2 / (t + 2);
    } else {
      const t = expm1(-2 * a);
      z = -t / (t + 2);
    }
  } else z = 1;
  return x < 0 ? -z : z;
}

/** fdlibm e_atanh.c on top of the portable log1p. */
export function atanh(x: number): number {
  const a = Math.abs(x);
  if (Number.isNaN(x) || a > 1) return NaN;
  if (a === 1) return x > 0 ? Infinity : -Infinity;
  if (a < 2 ** -28) return x;
  let t: number;
  if (a < 0.5) {
    t = a + a;
    t = 0.5 * log1p(t + (t * a) / (1 - a));
  } else t = 0.5 * log1p((a + a) / (1 - a));
  return x < 0 ? -t : t;
}

const LN2 = 0.6931471805599453;
const LN10 = 2.302585092994046;

/**
 * Runs every branch of exp, log1p and ln a few times, rare ones included (overflow, subnormal, tiny,
 * negative, the stdlib fallbacks). V8 records type feedback only from a function's first few calls
 * on, and compiles a branch that never ran before optimisation as a deoptimisation point; the first
 * extreme value of a chain (early warmup, wild trajectories) then deoptimised every loop that had
 * exp or log1p inlined, the model's likelihood loop included, at the start of every chain (measured
 * on cbpp with --trace-deopt). With feedback for all branches the optimised code keeps them.
 */
function warmUpBranches(): void {
  const xs = [0, -0, 1e-300, -1e-300, 1e-9, -1e-9, 0.1, -0.1, 0.3, 0.5, 0.9, 0.999999, 1, 3, 30, 700, 709.5,
    710, -700, -708.5, -744, -746, -0.5, -0.99, -1, -2, 1e300, Infinity, -Infinity, NaN];
  // ln (stdlib's): also arguments within 2^-20 of a power of two, a branch of their own
  const nearPowersOfTwo = [1 + 1e-9, 1 - 1e-9, 2 + 1e-9, 4 - 1e-9, 0.5 + 1e-10, 0.25 - 1e-11];
  let sink = 0;
  for (let round = 0; round < 12; round++) {
    for (const x of xs) sink += exp(x) + log1p(x) + ln(x);
    for (const x of nearPowersOfTwo) sink += ln(x);
  }
  if (sink === 42) throw new Error('unreachable'); // keeps the calls observable
}

let installed = false;

/** Replaces Math's transcendental functions in this global scope (a worker's own). */
export function installDeterministicMath(): void {
  if (installed) return;
  installed = true;
  const m = Math as unknown as Record<string, (...args: number[]) => number>;
  m.exp = exp;
  m.log = ln;
  m.log1p = log1p;
  m.expm1 = expm1;
  m.pow = pow;
  m.sin = sin;
  m.cos = cos;
  m.tan = tan;
  m.asin = asin;
  m.acos = acos;
  m.tanh = tanh;
  m.atanh = atanh;
  m.log2 = (x: number) => ln(x) / LN2;
  m.log10 = (x: number) => ln(x) / LN10;
  warmUpBranches();
}
