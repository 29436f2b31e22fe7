import FFT from 'fft.js';

/**
 * Autocovariance of one chain at every lag 0..n-1 by FFT (posterior's autocovariance; Geyer 1992's
 * "biased" estimate with divisor n at every lag): centre, zero-pad to a power of two >= 2n (no
 * wrap-around), take |FFT|^2, transform back, and rescale so that lag 0 is the variance with
 * divisor n. A chain with zero variance gets all-zero autocovariances, as in posterior
 * (tail-ESS indicators are often constant within a split chain).
 *
 * |FFT(y)|^2 is real and even, so its inverse transform is its forward transform up to a constant
 * factor, which the rescaling by lag 0 removes: both transforms are fft.js real transforms.
 * FFT objects and scratch arrays are cached per size and reused across chains and parameters.
 */

interface FftWorkspace {
  fft: FFT;
  size: number;
  input: Float64Array;
  spectrum: Float64Array;
  power: Float64Array;
  back: Float64Array;
}

const workspaces = new Map<number, FftWorkspace>();

function workspaceFor(n: number): FftWorkspace {
  let size = 4;
  while (size < 2 * n) size *= 2;
  let ws = workspaces.get(size);
  if (!ws) {
    ws = {
      fft: new FFT(size),
      size,
      input: new Float64Array(size),
      spectrum: new Float64Array(2 * size),
      power: new Float64Array(size),
      back: new Float64Array(2 * size),
    };
    workspaces.set(size, ws);
  }
  return ws;
}

/**
 * Writes the autocovariances of `x` (lags 0..n-1) into out[0..n-1] (added to out when
 * `accumulate`, which is how the ESS averages over chains without a per-chain buffer).
 * Returns the chain mean (the ESS needs it too).
 */
export function autocovarianceInto(x: Float64Array, out: Float64Array, accumulate = false): number {
  const n = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += x[i];
  let m = sum / n;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += x[i] - m;
  m += residual / n;
  let lo = Infinity;
  let hi = -Infinity;
  let ssq = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    const d = v - m;
    ssq += d * d;
  }
  if (lo === hi || ssq === 0) {
    if (!accumulate) out.fill(0, 0, n);
    return m;
  }
  const ws = workspaceFor(n);
  const { input, spectrum, power, back, size } = ws;
  for (let i = 0; i < n; i++) input[i] = x[i] - m;
  input.fill(0, n);
  ws.fft.realTransform(spectrum, input);
  const half = size >>> 1;
  for (let k = 0; k <= half; k++) {
    const re = spectrum[2 * k];
    const im = spectrum[2 * k + 1];
    power[k] = re * re + im * im;
  }
  for (let k = half + 1; k < size; k++) power[k] = power[size - k];
  ws.fft.realTransform(back, power);
  // lag 0 must equal the biased variance ssq / n (posterior: ac / ac[1] * var(x) * (n - 1) / n)
  const scale = ssq / n / back[0];
  if (accumulate) {
    for (let t = 0; t < n; t++) out[t] += back[2 * t] * scale;
  } else {
    for (let t = 0; t < n; t++) out[t] = back[2 * t] * scale;
  }
  return m;
}

/** Autocovariances at lags 0..n-1 (a new array). */
export function autocovariance(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  autocovarianceInto(x, out);
  return out;
}

/** The O(n^2) definition: acov[t] = sum_{i < n - t} (x_i - m)(x_{i+t} - m) / n. For tests. */
export function autocovarianceNaive(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i];
  m /= n;
  const out = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let i = 0; i + t < n; i++) s += (x[i] - m) * (x[i + t] - m);
    out[t] = s / n;
  }
  return out;
}
