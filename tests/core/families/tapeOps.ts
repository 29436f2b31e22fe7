// Operations the families' tape oracles need that the tape (src/core/ad) does not have, built from
// its custom-operation hook: the value from @stdlib, the reverse step from the textbook derivative.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { Tape, Vec } from '../../../src/core/ad/tape';

/** Phi(x) elementwise (the standard normal CDF); d Phi / d x = phi(x) = e^(-x^2/2) / sqrt(2 pi). */
export function tapePhi(tape: Tape, x: Vec): Vec {
  const n = tape.length(x);
  const id = tape.registerCallback((t, out) => {
    const val = t.values(), adj = t.adjoints();
    const ox = t.offset(x), oo = t.offset(out);
    for (let i = 0; i < n; i++) adj[ox + i] += adj[oo + i] * Math.exp(-0.5 * val[ox + i] ** 2) / Math.sqrt(2 * Math.PI);
  });
  const out = tape.custom(n, id);
  const val = tape.values(), ox = tape.offset(x), oo = tape.offset(out);
  for (let i = 0; i < n; i++) val[oo + i] = normalCdf(val[ox + i], 0, 1);
  return out;
}
