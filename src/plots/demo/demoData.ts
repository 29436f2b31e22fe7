// Deterministic synthetic data for the plots demo and its Playwright test: shaped like what the
// DrawStore and the summary produce, but generated here so the demo needs no sampler.

export const RADON_COUNTIES = (
  'AITKIN|ANOKA|BECKER|BELTRAMI|BENTON|BIGSTONE|BLUEEARTH|BROWN|CARLTON|CARVER|CASS|CHIPPEWA|CHISAGO|CLAY|' +
  'CLEARWATER|COOK|COTTONWOOD|CROWWING|DAKOTA|DODGE|DOUGLAS|FARIBAULT|FILLMORE|FREEBORN|GOODHUE|HENNEPIN|' +
  'HOUSTON|HUBBARD|ISANTI|ITASCA|JACKSON|KANABEC|KANDIYOHI|KITTSON|KOOCHICHING|LACQUIPARLE|LAKE|LAKEOFTHEWOODS|' +
  'LESUEUR|LINCOLN|LYON|MAHNOMEN|MARSHALL|MARTIN|MCLEOD|MEEKER|MILLELACS|MORRISON|MOWER|MURRAY|NICOLLET|NOBLES|' +
  'NORMAN|OLMSTED|OTTERTAIL|PENNINGTON|PINE|PIPESTONE|POLK|POPE|RAMSEY|REDWOOD|RENVILLE|RICE|ROCK|ROSEAU|SCOTT|' +
  'SHERBURNE|SIBLEY|STEARNS|STEELE|STEVENS|STLOUIS|SWIFT|TODD|TRAVERSE|WABASHA|WADENA|WASECA|WASHINGTON|' +
  'WATONWAN|WILKIN|WINONA|WRIGHT|YELLOWMEDICINE'
).split('|');

/** Seeded uniform(0,1) generator (mulberry32) with a Box-Muller normal. */
export function demoRng(seed: number): { uniform(): number; normal(): number } {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => {
    const u = 1 - uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  return { uniform, normal };
}

/**
 * AR(1) chains around `centre` with warmup draws that start far out and decay in, the way a
 * sampler's warmup looks. Arrays hold warmup + iter entries.
 */
export function demoChains(chains: number, warmup: number, iter: number, seed: number, centre = 1.5, sd = 0.4): Float64Array[] {
  const rng = demoRng(seed);
  const phi = 0.6;
  return Array.from({ length: chains }, (_, c) => {
    const out = new Float64Array(warmup + iter);
    let v = centre + (c % 2 === 0 ? 1 : -1) * (3 + c) * sd;
    for (let i = 0; i < out.length; i++) {
      const pull = i < warmup ? 0.9 : phi;
      v = centre + pull * (v - centre) + sd * Math.sqrt(1 - pull * pull) * rng.normal();
      out[i] = v;
    }
    return out;
  });
}

/** Neal's-funnel-like draws of (mu, log tau, theta) with divergent transitions flagged in the neck. */
export function demoPairs(chains: number, n: number, seed: number): { params: Float64Array[]; divergent: Float64Array; count: number }[] {
  const rng = demoRng(seed);
  return Array.from({ length: chains }, () => {
    const mu = new Float64Array(n);
    const logTau = new Float64Array(n);
    const theta = new Float64Array(n);
    const divergent = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      mu[i] = 4.4 + 0.3 * rng.normal();
      logTau[i] = 0.9 * rng.normal();
      theta[i] = mu[i] + Math.exp(logTau[i]) * rng.normal();
      divergent[i] = logTau[i] < -1.2 && rng.uniform() < 0.35 ? 1 : 0;
    }
    return { params: [mu, logTau, theta], divergent, count: n };
  });
}

/** Caterpillar rows for the 85 radon counties: means spread around 0 with intervals that widen for small counties. */
export function demoCaterpillarRows(seed: number): { label: string; mean: number; lo90: number; hi90: number; lo50: number; hi50: number }[] {
  const rng = demoRng(seed);
  return RADON_COUNTIES.map((label) => {
    const mean = 0.35 * rng.normal();
    const sd = 0.08 + 0.25 * rng.uniform();
    return { label, mean, lo90: mean - 1.645 * sd, hi90: mean + 1.645 * sd, lo50: mean - 0.674 * sd, hi50: mean + 0.674 * sd };
  });
}

/** Observed y and replicated datasets: continuous (skewed) and counts (Poisson-like). */
export function demoPpc(seed: number, discrete: boolean): { y: Float64Array; yrep: Float64Array[] } {
  const rng = demoRng(seed);
  const n = 200;
  const draw = (shift: number) => Float64Array.from({ length: n }, () => {
    if (!discrete) return 1.3 + shift + 0.8 * rng.normal();
    // Poisson(2.4) by inversion
    const lambda = 2.4 + shift;
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    const u = rng.uniform();
    while (u > cdf && k < 50) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  });
  return { y: draw(0), yrep: Array.from({ length: discrete ? 400 : 20 }, () => draw(0.15 * rng.normal())) };
}
