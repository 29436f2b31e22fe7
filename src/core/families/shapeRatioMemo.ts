// lgammaRatio(phi, y) and digammaRatio(phi, y) (core/math/special.ts), remembered per integer y for
// the latest phi. In a count family's likelihood these two terms depend only on the shape phi and
// the count y, not on the row's linear predictor, and one gradient evaluates them for every row
// with the same phi: a data set with many rows and few distinct counts recomputes the same values
// (for y <= 16, y logs and y reciprocals each) over and over. A remembered value is the very number
// the function returned, so the likelihood and its gradient are bit-for-bit what they were.
import { digammaRatio, lgammaRatio } from '../math/special';

/** Counts up to this are remembered; larger ones (rare) are computed each time. */
const MAX_REMEMBERED = 1 << 16;

let phiKey = Number.NaN;
/** Bumped when phi changes: a slot is valid when its stamp equals the current epoch. */
let epoch = 0;
let stamp = new Float64Array(64);
let lg = new Float64Array(64);
let dg = new Float64Array(64);

function grow(k: number): void {
  let n = stamp.length;
  while (n <= k) n *= 2;
  const s = new Float64Array(n); s.set(stamp); stamp = s;
  const a = new Float64Array(n); a.set(lg); lg = a;
  const b = new Float64Array(n); b.set(dg); dg = b;
}

/** The slot of count k for shape x, filled if needed; -1 when k is not remembered. */
function slot(x: number, k: number): number {
  if (!(k >= 0 && k <= MAX_REMEMBERED) || (k | 0) !== k) return -1;
  if (x !== phiKey) { phiKey = x; epoch++; }
  if (k >= stamp.length) grow(k);
  if (stamp[k] !== epoch) {
    stamp[k] = epoch;
    lg[k] = lgammaRatio(x, k);
    dg[k] = digammaRatio(x, k);
  }
  return k;
}

/** lgamma(x + k) - lgamma(x), as lgammaRatio returns it. */
export function lgammaRatioRemembered(x: number, k: number): number {
  const s = slot(x, k);
  return s < 0 ? lgammaRatio(x, k) : lg[s];
}

/** digamma(x + k) - digamma(x), as digammaRatio returns it. */
export function digammaRatioRemembered(x: number, k: number): number {
  const s = slot(x, k);
  return s < 0 ? digammaRatio(x, k) : dg[s];
}
