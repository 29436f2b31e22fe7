import { describe, expect, it } from 'vitest';
import { csvHeaderCell, drawsCsvText, formatCsvNumber, writeDrawsCsv } from '../../../src/core/io/drawsCsv';

function chain(n: number, base: number) {
  const draws = new Float64Array(n * 2);
  const stats = new Float64Array(n * 7);
  for (let i = 0; i < n; i++) {
    draws[i * 2] = base + i + 0.1;
    draws[i * 2 + 1] = 1 / 3 + i;
    stats[i * 7] = -10 - i;
    stats[i * 7 + 3] = 3;
  }
  return { draws, stats, nDraws: n };
}

describe('draws CSV', () => {
  it('has the parameters, the 7 sampler stats, then .chain .iteration .draw', () => {
    const text = drawsCsvText(['b_Intercept', 'sigma'], [chain(1, 0)]);
    expect(text.split('\n')[0]).toBe(
      'b_Intercept,sigma,lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,.chain,.iteration,.draw');
  });

  it('writes one row per draw with 1-based chain, per-chain iteration and overall draw', () => {
    const lines = drawsCsvText(['a', 'b'], [chain(3, 0), chain(2, 100)]).trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).map((l) => l.split(',').slice(-3).join(','))).toEqual(
      ['1,1,1', '1,2,2', '1,3,3', '2,1,4', '2,2,5']);
  });

  it('writes numbers that parse back to exactly the same doubles', () => {
    const c = chain(50, 0.123456789);
    const lines = drawsCsvText(['a', 'b'], [c]).trimEnd().split('\n').slice(1);
    lines.forEach((l, i) => {
      const f = l.split(',');
      expect(Number(f[0])).toBe(c.draws[i * 2]);
      expect(Number(f[1])).toBe(c.draws[i * 2 + 1]);
    });
  });

  it('writes non-finite values as R does: Inf, -Inf, NaN', () => {
    expect([Infinity, -Infinity, NaN, 1e-300, -0.5].map(formatCsvNumber)).toEqual(['Inf', '-Inf', 'NaN', '1e-300', '-0.5']);
  });

  it('neutralises names that could start a spreadsheet formula and quotes commas and quotes', () => {
    expect(csvHeaderCell('=cmd()')).toBe(`"'=cmd()"`);
    expect(csvHeaderCell('+x')).toBe(`"'+x"`);
    expect(csvHeaderCell('-x')).toBe(`"'-x"`);
    expect(csvHeaderCell('@x')).toBe(`"'@x"`);
    expect(csvHeaderCell('r_g[a,Intercept]')).toBe('"r_g[a,Intercept]"');
    expect(csvHeaderCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvHeaderCell('b_x:z')).toBe('b_x:z');
  });

  it('streams in chunks and rejects chains shorter than their draw count', () => {
    const chunks: string[] = [];
    writeDrawsCsv(['a', 'b'], [chain(10, 0)], (s) => chunks.push(s), 3);
    expect(chunks.length).toBe(1 + 4);
    expect(() => writeDrawsCsv(['a', 'b'], [{ ...chain(2, 0), nDraws: 5 }], () => {})).toThrow(/chain 1 holds fewer values/);
  });
});
