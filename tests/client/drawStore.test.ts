import { describe, expect, it } from 'vitest';
import { DrawStore } from '../../src/client/drawStore';

function batch(phase: 'warmup' | 'sampling', count: number, start: number, nParams = 2) {
  const draws = new Float64Array(count * nParams + 6); // longer than needed, like a worker buffer
  const stats = new Float64Array(count * 7 + 7);
  for (let i = 0; i < count; i++) {
    for (let p = 0; p < nParams; p++) draws[i * nParams + p] = (start + i) * 10 + p;
    stats[i * 7] = -(start + i);
  }
  return { phase, count, draws, stats };
}

describe('DrawStore', () => {
  it('keeps warmup rows first and sampling rows after, per chain', () => {
    const s = new DrawStore(['a', 'b'], 2);
    s.append(1, batch('warmup', 3, 0));
    s.append(1, batch('sampling', 4, 3));
    s.append(2, batch('warmup', 2, 100));
    expect(s.nWarmup(1)).toBe(3);
    expect(s.nSampling(1)).toBe(4);
    expect(Array.from(s.samplingDraws(1))).toEqual([30, 31, 40, 41, 50, 51, 60, 61]);
    expect(Array.from(s.trace(1, 'b', true))).toEqual([1, 11, 21, 31, 41, 51, 61]);
    expect(Array.from(s.stat(1, 'lp__'))).toEqual([-3, -4, -5, -6]);
    expect(s.nSampling(2)).toBe(0);
  });

  it('grows by doubling: appending many small batches keeps every row exactly', () => {
    const s = new DrawStore(['a', 'b'], 1);
    let n = 0;
    for (let k = 0; k < 300; k++) { s.append(1, batch('sampling', 7, n)); n += 7; }
    const t = s.trace(1, 0);
    expect(t.length).toBe(2100);
    for (let i = 0; i < 2100; i++) expect(t[i]).toBe(i * 10);
    expect(s.version).toBe(300);
  });

  it('copies batches, so a transferred or reused buffer cannot change stored draws', () => {
    const s = new DrawStore(['a', 'b'], 1);
    const b = batch('sampling', 2, 0);
    s.append(1, b);
    b.draws.fill(-1);
    expect(Array.from(s.samplingDraws(1))).toEqual([0, 1, 10, 11]);
  });

  it('rejects warmup rows after sampling rows, out-of-range chains and short batches', () => {
    const s = new DrawStore(['a', 'b'], 1);
    s.append(1, batch('sampling', 1, 0));
    expect(() => s.append(1, batch('warmup', 1, 1))).toThrow(/warmup draws arrived after sampling/);
    expect(() => s.append(2, batch('sampling', 1, 1))).toThrow(/chain 2 is out of range 1..1/);
    expect(() => s.append(1, { phase: 'sampling', count: 5, draws: new Float64Array(2), stats: new Float64Array(7) }))
      .toThrow(/shorter than its count/);
  });

  it('gives diagnostics equal-length post-warmup chains (cut to the shortest after a stop)', () => {
    const s = new DrawStore(['a', 'b'], 2);
    s.append(1, batch('sampling', 5, 0));
    s.append(2, batch('sampling', 3, 0));
    const d = s.diagnosticsInput();
    expect(d.nIterations).toEqual([3, 3]);
    expect(d.chains.map((c) => c.length)).toEqual([6, 6]);
  });

  it('notifies subscribers on append until they unsubscribe', () => {
    const s = new DrawStore(['a', 'b'], 1);
    let calls = 0;
    const off = s.subscribe(() => calls++);
    s.append(1, batch('sampling', 1, 0));
    off();
    s.append(1, batch('sampling', 1, 1));
    expect(calls).toBe(1);
  });
});
