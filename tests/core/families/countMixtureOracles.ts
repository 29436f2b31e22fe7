// Independent references for the zero-inflated and hurdle families: the mixture written directly
// from @stdlib's Poisson and negative binomial log pmfs (stdlib's NB has r = phi successes of
// probability phi / (mu + phi), i.e. NB2 with mean mu), and the same log likelihoods on the
// reverse-mode tape, built from masks of the zero rows (brms R/families.R, the Stan functions
// zero_inflated_poisson_log_lpmf etc. in tests/fixtures/zeroinflated/brms_fixtures.json).
import poissonLogpmf from '@stdlib/stats-base-dists-poisson-logpmf';
import nbLogpmf from '@stdlib/stats-base-dists-negative-binomial-logpmf';
import type { Tape, Vec } from '../../../src/core/ad/tape';

const poisson = (y: number, eta: number) => poissonLogpmf(y, Math.exp(eta));
const negbin = (y: number, eta: number, phi: number) => nbLogpmf(y, phi, phi / (Math.exp(eta) + phi));

/** log(zi P(0) ...): the zero-inflated mixture of a count pmf. */
function zeroInflated(logpmf: (y: number) => number, y: number, zi: number): number {
  return y === 0 ? Math.log(zi + (1 - zi) * Math.exp(logpmf(0))) : Math.log(1 - zi) + logpmf(y);
}

/** The hurdle: a zero with probability hu, else the pmf truncated to y > 0. */
function hurdle(logpmf: (y: number) => number, y: number, hu: number): number {
  return y === 0 ? Math.log(hu) : Math.log(1 - hu) + logpmf(y) - Math.log(-Math.expm1(logpmf(0)));
}

export const refZip = (y: number, eta: number, zi: number) => zeroInflated((k) => poisson(k, eta), y, zi);
export const refZinb = (y: number, eta: number, phi: number, zi: number) => zeroInflated((k) => negbin(k, eta, phi), y, zi);
export const refHurdlePoisson = (y: number, eta: number, hu: number) => hurdle((k) => poisson(k, eta), y, hu);
export const refHurdleNb = (y: number, eta: number, phi: number, hu: number) => hurdle((k) => negbin(k, eta, phi), y, hu);

/**
 * The zero mask z (1 for y = 0) and 1 - z, as tape inputs whose adjoints are not read (constants
 * must be registered before recording starts).
 */
function masks(tape: Tape, y: Vec): { z: Vec; pos: Vec } {
  const n = tape.length(y);
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) z[i] = tape.value(y, i) === 0 ? 1 : 0;
  return { z: tape.input(z, 0, n), pos: tape.input(z.map((v) => 1 - v), 0, n) };
}

const oneMinus = (tape: Tape, x: Vec) => tape.addScalar(tape.neg(x), 1);

/** log NB(0 | e^eta, phi) = phi (log phi - log(e^eta + phi)), per row. */
const nbZero = (tape: Tape, eta: Vec, phi: Vec) => tape.mul(phi, tape.sub(tape.log(phi), tape.log(tape.add(tape.exp(eta), phi))));

/** sum over zero rows of log(zi + (1 - zi) e^{log P(0)_n}) + (rows > 0) log(1 - zi). */
function zeroInflatedTape(tape: Tape, y: Vec, logP0: Vec, zi: Vec): Vec {
  const { z, pos } = masks(tape, y);
  const zeros = tape.log(tape.add(zi, tape.mul(oneMinus(tape, zi), tape.exp(logP0))));
  return tape.add(tape.sum(tape.mul(z, zeros)), tape.mul(tape.sum(pos), tape.log(oneMinus(tape, zi))));
}

function hurdleTape(tape: Tape, y: Vec, hu: Vec): Vec {
  const { z, pos } = masks(tape, y);
  return tape.add(tape.mul(tape.sum(z), tape.log(hu)), tape.mul(tape.sum(pos), tape.log(oneMinus(tape, hu))));
}

/** ZIP on the tape: the Poisson part of rows > 0 is y eta - e^eta (constants dropped). */
export function tapeZip(tape: Tape, y: Vec, eta: Vec, zi: Vec): Vec {
  const { pos } = masks(tape, y);
  const mu = tape.exp(eta);
  const counts = tape.sum(tape.mul(pos, tape.sub(tape.mul(y, eta), mu)));
  return tape.add(counts, zeroInflatedTape(tape, y, tape.neg(mu), zi));
}

/** ZINB on the tape: NB over all rows minus NB(0) of the zero rows, plus the mixture of the zeros. */
export function tapeZinb(tape: Tape, y: Vec, eta: Vec, phi: Vec, zi: Vec): Vec {
  const { z } = masks(tape, y);
  const p0 = nbZero(tape, eta, phi);
  const all = tape.lpdf('neg_binomial_2_log', y, eta, phi);
  return tape.add(tape.sub(all, tape.sum(tape.mul(z, p0))), zeroInflatedTape(tape, y, p0, zi));
}

export function tapeHurdlePoisson(tape: Tape, y: Vec, eta: Vec, hu: Vec): Vec {
  const { pos } = masks(tape, y);
  const mu = tape.exp(eta);
  const trunc = tape.sub(tape.sub(tape.mul(y, eta), mu), tape.log(oneMinus(tape, tape.exp(tape.neg(mu)))));
  return tape.add(tape.sum(tape.mul(pos, trunc)), hurdleTape(tape, y, hu));
}

export function tapeHurdleNb(tape: Tape, y: Vec, eta: Vec, phi: Vec, hu: Vec): Vec {
  const { z, pos } = masks(tape, y);
  const p0 = nbZero(tape, eta, phi);
  const all = tape.lpdf('neg_binomial_2_log', y, eta, phi);
  const positive = tape.sub(all, tape.sum(tape.mul(z, p0)));
  const trunc = tape.sum(tape.mul(pos, tape.log(oneMinus(tape, tape.exp(p0)))));
  return tape.add(tape.sub(positive, trunc), hurdleTape(tape, y, hu));
}
