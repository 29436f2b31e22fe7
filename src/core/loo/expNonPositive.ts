/**
 * exp(x) for x <= 0, inlinable: fdlibm's e_exp.c (Sun Microsystems 1993; the algorithm of V8's
 * Math.exp and of workers/deterministicMath) with its special cases dropped, because PSIS-LOO's
 * arguments ll - max ll are finite and non-positive. Range reduction x = k ln 2 + r, |r| <=
 * ln 2 / 2, then fdlibm's rational approximation of e^r (Remez polynomial in r^2), then y 2^k
 * from a table while the result is a normal number (k >= -1021); below that, Math.exp. Written
 * out so V8 inlines it into the per-draw loop instead of calling out per draw; on V8 (whose
 * Math.exp is fdlibm) it gives the same bits as Math.exp, which the tests check.
 */
const LOG2_E = 1.4426950408889634;
// ln 2 split into a high part with a short significand and the rest (fdlibm).
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const P1 = 1.66666666666666019037e-01;
const P2 = -2.77777777770155933842e-03;
const P3 = 6.61375632143793436117e-05;
const P4 = -1.65339022054652515390e-06;
const P5 = 4.13813679705723846039e-08;
/** 2^k for k = -1021 .. 0 at index k + 1021. */
const POW2 = new Float64Array(1022);
for (let k = -1021; k <= 0; k++) POW2[k + 1021] = 2 ** k;

export function expNonPositive(x: number): number {
  if (x > -3.725290298461914e-9) return 1 + x; // |x| < 2^-28: fdlibm returns 1 + x
  const k = Math.trunc(LOG2_E * x - 0.5);
  if (k < -1021) return Math.exp(x);
  const hi = x - k * LN2_HI;
  const lo = k * LN2_LO;
  const r = hi - lo;
  const t = r * r;
  const c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  const y = 1 - (lo - (r * c) / (2 - c) - hi);
  return y * POW2[k + 1021];
}
