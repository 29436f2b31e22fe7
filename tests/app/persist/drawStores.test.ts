// A persisted fit's chains into a DrawStore in slices (warmup and sampling rows where they were,
// a slice straddling the end of warmup split by phase) and back as views.
import { describe, expect, it } from 'vitest';
import { CHUNK } from '../../../src/app/persist/binary';
import { chainsOf, drawStoreOf, progressOf } from '../../../src/app/persist/drawStores';
import { makeFit } from './fixtures';

describe('fits and DrawStores', () => {
  it('fills a store in slices with the same rows and phases, and reads it back exactly', async () => {
    const P = 300;
    const rowsPerSlice = Math.floor(CHUNK / P);
    const fit = makeFit('a', { nParams: P, nWarmup: rowsPerSlice + 5, nSampling: [rowsPerSlice + 17, 0, 3] });
    const store = await drawStoreOf(fit);
    fit.chains.forEach((ch, i) => {
      expect(store.nWarmup(i + 1)).toBe(ch.nWarmup);
      expect(store.nIterations(i + 1)).toBe(ch.nIterations);
    });
    const back = chainsOf(store, progressOf(fit), fit.chains.map((c) => c.checkpoint));
    back.forEach((ch, i) => {
      const want = fit.chains[i];
      expect(Buffer.from(ch.draws.buffer, ch.draws.byteOffset, ch.draws.byteLength).equals(Buffer.from(want.draws.buffer))).toBe(true);
      expect(Buffer.from(ch.stats.buffer, ch.stats.byteOffset, ch.stats.byteLength).equals(Buffer.from(want.stats.buffer))).toBe(true);
      expect({ ...ch, draws: 0, stats: 0 }).toEqual({ ...want, draws: 0, stats: 0 });
    });
  });
});
