import { chainView, type ChainMatrix } from './chainMatrix';
import { mean, variance } from './moments';
import { diagnosticUndefined, MIN_ITERATIONS_RHAT } from './validity';

let means: Float64Array = new Float64Array(16);

/**
 * Potential scale reduction of a chain matrix (posterior's .rhat; BDA3 sec. 11.4):
 * B = n var(chain means), W = mean of chain variances, R-hat = sqrt((B / W + n - 1) / n).
 * Callers split and transform first. null when the validity gate fails or R gives NA
 * (one draw per chain, or a single chain, leave a variance undefined).
 */
export function rhatCore(x: ChainMatrix): number | null {
  const m = x.chains;
  const n = x.iterations;
  if (diagnosticUndefined(x, MIN_ITERATIONS_RHAT, 2)) return null;
  let meanSum = 0;
  let varSum = 0;
  let meanSq = 0;
  if (means.length < m) means = new Float64Array(Math.max(m, 2 * means.length));
  for (let c = 0; c < m; c++) {
    const chain = chainView(x, c);
    const mu = mean(chain);
    means[c] = mu;
    meanSum += mu;
    varSum += variance(chain, mu);
  }
  const grand = meanSum / m;
  for (let c = 0; c < m; c++) meanSq += (means[c] - grand) ** 2;
  const between = (n * meanSq) / (m - 1);
  const within = varSum / m;
  return Math.sqrt((between / within + n - 1) / n);
}
