import { describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { DrawStore } from '../../src/client/drawStore';
import { bundleRequest, buildBundleZip } from '../../src/app/workspace/exportBundleBuild';
import { makeFit, type Fit } from '../../src/app/workspace/fit';
import { compileSpec } from '../../src/core/model/spec';
import { buildModel } from '../../src/core/model/buildModel';
import { DEFAULT_SETTINGS } from '../../src/core/types';
import { loadCsv } from '../core/design/csvTable';

const table = loadCsv('sleepstudy.csv');
const spec = { formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' };

/** A finished (restored) fit of sleepstudy with two chains of `n` draws at random points. */
function fitWithDraws(n: number): { fit: Fit; store: DrawStore; append: (chain: number, k: number) => void } {
  const model = buildModel(compileSpec(spec, table).structure);
  const store = new DrawStore(model.outputNames, 2);
  let u = 0.37;
  const append = (chain: number, k: number) => {
    const P = model.outputNames.length;
    const draws = new Float64Array(k * P);
    for (let i = 0; i < k; i++) {
      model.writeDraw(Float64Array.from({ length: model.dim }, () => { u = (u * 9301 + 0.49297) % 1; return 2 * u - 1; }), draws.subarray(i * P, (i + 1) * P));
    }
    store.append(chain, { phase: 'sampling', count: k, draws, stats: new Float64Array(k * 7).fill(1) });
  };
  append(1, n);
  append(2, n);
  const progress = [1, 2].map(() => ({ phase: 'done' as const, iterationsDone: 2 * n, totalIterations: 2 * n, warmupSeconds: 0.1, samplingSeconds: 0.2, gradientEvaluations: 1 }));
  const fit: Fit = makeFit({
    id: 3, source: 'session', spec, settings: { ...DEFAULT_SETTINGS, chains: 2, warmup: n, iter: n }, table,
    restored: { store, progress, nObs: 180 }, wallSeconds: 1,
  });
  return { fit, store, append };
}

describe('Open in R / Python in the app: the request of the fit shown, then the zip', () => {
  it('copies the draws at the click: draws added to the store later are not exported', () => {
    const { fit, store, append } = fitWithDraws(4);
    const req = bundleRequest(fit, store, 'r', 'current', 'sleepstudy');
    const before = req.chains[0].draws.slice();
    append(1, 3);
    append(2, 3);
    expect(req.chains.map((c) => c.nDraws)).toEqual([4, 4]);
    expect(req.chains[0].draws).toEqual(before);
    expect(req.chains[0].tuning).toBeNull(); // a restored fit has no run, so no adapted tuning
  });
  it('zips the bundle in one folder; the chain CSVs hold the copied draws', () => {
    const { fit, store } = fitWithDraws(4);
    const files = unzipSync(new Uint8Array(Buffer.concat(buildBundleZip(bundleRequest(fit, store, 'python', 'old', 'sleepstudy')))));
    expect(Object.keys(files).every((k) => k.startsWith('sleepstudy-python/'))).toBe(true);
    expect(Object.keys(files)).toContain('sleepstudy-python/arviz_coords.json');
    const csv = strFromU8(files['sleepstudy-python/chain_2.csv']);
    expect(csv.split('\n').filter((l) => l && !l.startsWith('#'))).toHaveLength(1 + 4);
    expect(strFromU8(files['sleepstudy-python/model.stan'])).toContain('int<lower=1> J_1[N];');
  });
  it('a fit whose draws are not this model\'s is refused with a message', () => {
    const { fit, store } = fitWithDraws(2);
    const req = bundleRequest(fit, store, 'r', 'current', 'sleepstudy');
    expect(() => buildBundleZip({ ...req, spec: { formula: 'Reaction ~ Days + (1 | Subject)', family: 'gaussian' } })).toThrow(/other parameters than the fit's draws/);
  });
});
