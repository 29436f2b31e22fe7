import { checkRange } from './checkRange';

/** Copy of the finite entries of values[start..end), and how many non-finite entries were dropped. */
export function finiteSlice(values: Float64Array, start = 0, end = values.length): { values: Float64Array; dropped: number } {
  checkRange(values, start, end, 'finiteSlice: values');
  const out = new Float64Array(end - start);
  let k = 0;
  for (let i = start; i < end; i++) if (Number.isFinite(values[i])) out[k++] = values[i];
  return { values: k === out.length ? out : out.slice(0, k), dropped: end - start - k };
}
