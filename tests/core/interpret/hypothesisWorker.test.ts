// The analysis worker's 'hypotheses' message (workers/diagnostics.worker.ts), run in-process with
// a stand-in for the worker scope: draws are asked for once per key and kept for later requests.
import { describe, expect, it } from 'vitest';
import { send, useInProcessWorker } from './inProcessWorker';

useInProcessWorker();

describe('analysis worker: hypotheses', () => {
  it('asks for the draws, then answers each line (results and errors) from the kept draws', () => {
    const names = ['b_Intercept', 'b_Days', 'sigma'];
    const nDraws = 4;
    const rows = Float64Array.from([250, 11, 25, 252, 9, 26, 249, 12, 24, 251, 10, 20]);
    expect(send({ id: 1, type: 'hypotheses', texts: ['Days > 5'], alpha: 0.05, key: 'fit1:1' })).toEqual({ id: 1, type: 'needDraws' });
    const first = send({ id: 2, type: 'hypotheses', texts: ['Days > 5', 'Dayz > 5'], alpha: 0.05, key: 'fit1:1', draws: { names, rows, nDraws } });
    if (first.type !== 'hypotheses') throw new Error(first.type);
    const [ok, bad] = first.outcomes;
    if (!ok.ok || bad.ok) throw new Error('expected one result and one error');
    expect(ok.result.hypothesis).toBe('(Days)-(5) > 0');
    expect(ok.result.estimate).toBeCloseTo(5.5, 14);
    expect(ok.result.postProb).toBe(1);
    // type-7 quartiles of 4, 5, 6, 7
    expect([ok.q25, ok.q75]).toEqual([4.75, 6.25]);
    expect(bad.error.caret).toBe('Dayz > 5\n^');
    // the draws stay: the same key needs no copy; a bare parameter's column is not sorted in place
    const again = send({ id: 3, type: 'hypotheses', texts: ['Days > 0', 'Days * sigma = 0'], alpha: 0.05, key: 'fit1:1' });
    if (again.type !== 'hypotheses' || !again.outcomes[1].ok) throw new Error('no result');
    expect(again.outcomes[1].result.estimate).toBeCloseTo((11 * 25 + 9 * 26 + 12 * 24 + 10 * 20) / 4, 12);
    expect(send({ id: 4, type: 'hypotheses', texts: ['Days > 0'], alpha: 0.05, key: 'fit1:2' })).toEqual({ id: 4, type: 'needDraws' });
  });
});
