// Rank check of a design matrix: which columns are linear combinations of earlier ones (the
// columns lm() would report as NA). Modified Gram-Schmidt with R's qr() tolerance 1e-7, relative
// to each column's norm; and the check that every predictor has a scale the model can fit.
import { ModelError } from '../formula/errors';
import { excerpt } from '../formula/excerpt';

/**
 * Predictors whose largest |value| is above this (or, nonzero, below its inverse) cannot be
 * fitted: the likelihood works with x * b and its square, and a double holds at most ~1.8e308, so
 * at 1e150 a square overflows (or a coefficient must be ~1e150 for a tiny x).
 */
export const MAX_PREDICTOR_SCALE = 1e150;

function maxAbs(c: Float64Array): number {
  let m = 0;
  for (let i = 0; i < c.length; i++) {
    const a = Math.abs(c[i]);
    if (a > m || a !== a) m = a;
  }
  return m;
}

/**
 * 0-based indices of the columns that are linear combinations of earlier ones. Each column is
 * first divided by its largest |value|: Gram-Schmidt's decisions do not change when a column is
 * scaled, and the scaled squares neither overflow (|x| ~ 1e154) nor underflow (|x| ~ 1e-162),
 * which otherwise made every huge or tiny column "a linear combination of the intercept".
 */
export function dependentColumns(columns: Float64Array[], tol = 1e-7): number[] {
  const basis: Float64Array[] = [];
  const dependent: number[] = [];
  columns.forEach((c, k) => {
    const scale = maxAbs(c);
    if (scale === 0 || !Number.isFinite(scale)) { dependent.push(k); return; }
    const v = Float64Array.from(c, (x) => x / scale);
    let norm0 = 0;
    for (let i = 0; i < v.length; i++) norm0 += v[i] * v[i];
    norm0 = Math.sqrt(norm0);
    for (const q of basis) {
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += q[i] * v[i];
      for (let i = 0; i < v.length; i++) v[i] -= dot * q[i];
    }
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm);
    if (norm <= tol * norm0) { dependent.push(k); return; }
    for (let i = 0; i < v.length; i++) v[i] /= norm;
    basis.push(v);
  });
  return dependent;
}

/** 'a very long name' -> at most 40 characters and '...', for messages. */
function shortName(name: string): string {
  return excerpt(name, 40);
}

/**
 * Throws a ModelError when a design column (model.matrix name `name`; `rows` are the 0-based data
 * rows of the model frame) has a value that is not finite or a scale no model can fit.
 */
export function checkPredictorScale(name: string, column: Float64Array, rows: Int32Array): void {
  const shown = shortName(name);
  for (let i = 0; i < column.length; i++) {
    if (!Number.isFinite(column[i])) {
      throw new ModelError(`Predictor '${shown}' is ${column[i]} at data row ${rows[i] + 1}: values too large to fit; rescale ${shown} (divide what it is computed from by a power of ten, or standardise it).`);
    }
  }
  const m = maxAbs(column);
  if (m > MAX_PREDICTOR_SCALE) {
    throw new ModelError(`Predictor '${shown}' has values too large to fit; rescale ${shown} (its largest |value| is ${m.toExponential(1)}: divide it by a power of ten, or standardise it).`);
  }
  if (m > 0 && m < 1 / MAX_PREDICTOR_SCALE) {
    throw new ModelError(`Predictor '${shown}' has values too small to fit; rescale ${shown} (its largest |value| is ${m.toExponential(1)}: multiply it by a power of ten, or standardise it).`);
  }
}
