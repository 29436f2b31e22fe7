import { describe, expect, it } from 'vitest';
import { drawsCsvText, type DrawsCsvChain } from '../../../src/core/io/drawsCsv';
import { DrawsCsvReader, headerCells, readDrawsCsv } from '../../../src/core/io/drawsCsvRead';
import { readFitFiles } from '../../../src/core/io/fitFiles';
import { FitFileError } from '../../../src/core/io/fitImport';

const NAMES = ['b_Intercept', 'b_Days', 'r_Subject[308,Intercept]', '=x', 'say "hi"', 'sigma'];

/** Deterministic pseudo-random chains (LCG), with values of every magnitude and sign. */
function chains(lengths: number[]): DrawsCsvChain[] {
  let u = 12345;
  const next = () => { u = (u * 1103515245 + 12345) % 2147483648; return u / 2147483648; };
  return lengths.map((n) => {
    const draws = new Float64Array(n * NAMES.length).map(() => (next() - 0.5) * 10 ** Math.floor(next() * 8 - 4));
    const stats = new Float64Array(n * 7).map((_, i) => (i % 7 === 5 ? (next() < 0.1 ? 1 : 0) : next()));
    return { draws, stats, nDraws: n };
  });
}

function chunks(s: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; i += size) out.push(s.slice(i, i + size));
  return out;
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FitFileError);
    expect((err as Error).message.length).toBeLessThan(500);
    return (err as Error).message;
  }
  throw new Error('expected a FitFileError');
}

describe('draws CSV reader', () => {
  const src = chains([40, 40, 33]);
  const csv = drawsCsvText(NAMES, src);

  it('reads back exactly what Export draws writes (names quoted or neutralised, unequal chains)', () => {
    const fit = readDrawsCsv('d.csv', [csv]);
    expect(fit.format).toBe('draws-csv');
    expect(fit.names).toEqual(NAMES);
    expect(fit.statsPresent.every(Boolean)).toBe(true);
    expect(fit.chains.map((c) => c.nIterations)).toEqual([40, 40, 33]);
    fit.chains.forEach((c, i) => {
      expect(c.nWarmup).toBe(0);
      expect(c.draws).toEqual(src[i].draws);
      expect(c.stats).toEqual(src[i].stats);
    });
  });

  it('gives the same result in any chunk size', () => {
    const whole = readDrawsCsv('d.csv', [csv]);
    for (const size of [1, 3, 64, 1000]) expect(readDrawsCsv('d.csv', chunks(csv, size))).toEqual(whole);
  });

  it('is picked by readFitFiles for a file that does not start with # or lp__', () => {
    expect(readFitFiles([{ name: 'd.csv', chunks: chunks(csv, 5) }])).toEqual(readDrawsCsv('d.csv', [csv]));
  });

  it('reads R write.csv output: row names column, quoted header, NA, no sampler columns, rows out of order', () => {
    const r = '"","mu","sigma",".chain",".iteration",".draw"\n"1",1.5,NA,2,2,4\n"2",0.5,2,1,1,1\n"3",2.5,3,2,1,3\n"4",-1,Inf,1,2,2\n';
    const fit = readDrawsCsv('r.csv', [r]);
    expect(fit.names).toEqual(['mu', 'sigma']);
    expect(fit.statsPresent.some(Boolean)).toBe(false);
    expect([...fit.chains[0].draws]).toEqual([0.5, 2, -1, Infinity]);
    expect([...fit.chains[1].draws]).toEqual([2.5, 3, 1.5, NaN]);
    expect(Number.isNaN(fit.chains[0].stats[5])).toBe(true);
  });

  it('headerCells undoes RFC 4180 quoting and the formula-injection apostrophe', () => {
    expect(headerCells('a,"b,c","d ""e""","\'=f",.chain')).toEqual(['a', 'b,c', 'd "e"', '=f', '.chain']);
  });
});

describe('draws CSV reader: malformed files', () => {
  it('no .chain column', () => {
    expect(errorOf(() => readDrawsCsv('x.csv', ['mu,sigma,.iteration\n1,2,1\n'])))
      .toMatch(/^x\.csv, line 1: there is no \.chain column, so the chains cannot be told apart.*posterior::as_draws_df\(\)/);
  });

  it('a row with too many values', () => {
    expect(errorOf(() => readDrawsCsv('x.csv', ['mu,.chain\n1,1\n2,1,5\n'])))
      .toMatch(/^x\.csv, line 3: 3 values, expected 2 \(the column names on line 1 have 2\)/);
  });

  it('a non-numeric cell', () => {
    expect(errorOf(() => readDrawsCsv('x.csv', ['mu,.chain\n1,1\n2,1\nabc,1\n'])))
      .toMatch(/^x\.csv, line 4: the value 'abc' in column mu is not a number/);
  });

  it('a .chain that is not a whole number', () => {
    expect(errorOf(() => readDrawsCsv('x.csv', ['mu,.chain\n1,1.5\n']))).toMatch(/^x\.csv, line 2: \.chain is '1\.5'; it must be a whole number from 1/);
  });

  it('no header (numbers on line 1), an empty file, a header and no rows', () => {
    expect(errorOf(() => readDrawsCsv('x.csv', ['1,2\n3,4\n']))).toMatch(/^x\.csv, line 1: expected the column names .* but found numbers/);
    expect(errorOf(() => readDrawsCsv('x.csv', ['']))).toMatch(/^x\.csv is empty/);
    expect(errorOf(() => readDrawsCsv('x.csv', ['mu,.chain\n']))).toMatch(/^x\.csv: the column names on line 1 are followed by no draws/);
  });

  it('two draws CSVs, or a draws CSV with CmdStan files', () => {
    const d = { chunks: ['mu,.chain\n1,1\n'] };
    expect(errorOf(() => readFitFiles([{ name: 'a.csv', ...d }, { name: 'b.csv', ...d }]))).toMatch(/b\.csv and a\.csv are both draws CSVs/);
    const cmd = { name: 'c.csv', chunks: ['# model = m\nlp__,mu\n1,2\n'] };
    expect(errorOf(() => readFitFiles([cmd, { name: 'a.csv', ...d }]))).toMatch(/a\.csv is a draws CSV and c\.csv is CmdStan output/);
  });

  it('errors as soon as the bad line is complete (streamed)', () => {
    const r = new DrawsCsvReader('x.csv');
    r.push('mu,.chain\n1,1\n2,');
    expect(() => r.push('1,9\n')).toThrow(/line 3: 3 values/);
  });
});
