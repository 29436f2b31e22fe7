import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CmdStanCsvReader, combineCmdStanChains, readCmdStanCsv } from '../../../src/core/io/cmdstanCsv';
import { readFitFiles } from '../../../src/core/io/fitFiles';
import { FitFileError, stanName } from '../../../src/core/io/fitImport';
import { SAMPLER_STAT_NAMES } from '../../../src/core/types';

const DIR = join(__dirname, '../../fixtures/cmdstan');
const text = (f: string) => readFileSync(join(DIR, f), 'utf8');
const C1 = 'model1-1-warmup.csv';
const C2 = 'model1-2-warmup.csv';
const DIV = SAMPLER_STAT_NAMES.indexOf('divergent__');

/** The text cut into pieces of `size` characters (a stream that splits lines anywhere). */
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
    const m = (err as Error).message;
    expect(m.length).toBeLessThan(500);
    return m;
  }
  throw new Error('expected a FitFileError');
}

describe('CmdStan CSV reader (real files from cmdstanr tests)', () => {
  it('reads the header, the adaptation block, warmup rows and the timing of one chain', () => {
    const r = readCmdStanCsv(C1, [text(C1)]);
    expect(r.names).toEqual(['mu', 'sigma']);
    expect(r.statsPresent.every(Boolean)).toBe(true);
    expect(r.chain.nIterations).toBe(200);
    expect(r.chain.nWarmup).toBe(100);
    expect(r.meta).toMatchObject({
      stanVersion: '2.21.0', model: 'model1', method: 'sample', numSamples: 100, numWarmup: 100, saveWarmup: true,
      thin: 1, seed: 1927315875, chainId: 1, maxDepth: 5, metric: 'diag_e', stepSize: 0.712907,
      inverseMetric: [1.00098, 0.068748e-2], timing: { warmup: 0.038029, sampling: 0.030711, total: 0.06874 },
    });
    expect(r.meta.adaptDelta).toBeCloseTo(0.8, 12);
    // First warmup row and first post-warmup row, as in the file (columns reordered: mu, sigma; stats).
    expect([...r.chain.draws.subarray(0, 2)]).toEqual([-0.780945, 2.9559]);
    expect([...r.chain.stats.subarray(0, 7)]).toEqual([-32.3122, 1, 0.125, 2, 3, 0, 43.1912]);
    expect([...r.chain.draws.subarray(200, 202)]).toEqual([8.11498, 7.4563]);
    // Post-warmup mean of mu computed from the file with awk: 5.07608.
    let s = 0;
    for (let i = 100; i < 200; i++) s += r.chain.draws[i * 2];
    expect(s / 100).toBeCloseTo(5.07608, 4);
  });

  it('makes one fit of two files, ordered by chain id, with the divergence of chain 2', () => {
    const fit = readFitFiles([{ name: C2, chunks: [text(C2)] }, { name: C1, chunks: [text(C1)] }]);
    expect(fit.format).toBe('cmdstan');
    expect(fit.chains.map((c) => c.file)).toEqual([C1, C2]);
    expect(fit.meta.map((m) => m.chainId)).toEqual([1, 2]);
    const postDivergent = fit.chains.map((c) => {
      let n = 0;
      for (let i = c.nWarmup; i < c.nIterations; i++) n += c.stats[i * 7 + DIV];
      return n;
    });
    expect(postDivergent).toEqual([0, 1]);
    expect(fit.meta[1].stepSize).toBe(0.672434);
  });

  it('reads a dense metric and rewrites Stan names theta.1 as theta[1]', () => {
    const r = readCmdStanCsv('dense.csv', [text('model1-1-dense_e_metric.csv')]);
    expect(r.names).toEqual(['mu', 'tau', ...Array.from({ length: 8 }, (_, i) => `theta[${i + 1}]`)]);
    const m = r.meta.inverseMetric as number[][];
    expect(m.length).toBe(10);
    expect(m.every((row) => row.length === 10)).toBe(true);
    expect(m[0][0]).toBe(10.2742);
    expect(m[9][9]).toBe(42.5438);
    expect(r.meta.metric).toBe('dense_e');
    expect(r.chain.nIterations).toBe(1);
    expect(r.chain.nWarmup).toBe(0);
  });

  it('gives the same result whatever the chunk sizes (lines split anywhere, CRLF too)', () => {
    const whole = readCmdStanCsv(C2, [text(C2)]);
    for (const size of [1, 2, 7, 61, 4096]) {
      expect(readCmdStanCsv(C2, chunks(text(C2), size))).toEqual(whole);
    }
    const crlf = text(C2).replace(/\n/g, '\r\n');
    expect(readCmdStanCsv(C2, chunks(crlf, 3))).toEqual(whole);
  });

  it('without an adaptation block (adapt engaged = 0), saved warmup rows are num_warmup / thin', () => {
    const noAdapt = text(C1).replace('# Adaptation terminated\n', '');
    const r = readCmdStanCsv(C1, [noAdapt]);
    expect(r.chain.nWarmup).toBe(100);
    const thinned = noAdapt.replace('#     thin = 1 (Default)', '#     thin = 3');
    expect(readCmdStanCsv(C1, [thinned]).chain.nWarmup).toBe(34);
  });

  it('reads the CmdStan 2.37 header (true/false booleans, num_chains, a header without save_warmup rows)', () => {
    // Lines as cmdstanpy's test/data/runset-good/bern-1.csv has them (CmdStan 2.37), two draws kept.
    const v237 = ['# stan_version_major = 2', '# stan_version_minor = 37', '# stan_version_patch = 0', '# model = bernoulli_model',
      '# method = sample (Default)', '#   sample', '#     num_samples = 100', '#     num_warmup = 1000 (Default)',
      '#     save_warmup = false (Default)', '#     thin = 1 (Default)', '#     adapt', '#       engaged = true (Default)',
      '#       delta = 0.8 (Default)', '#     algorithm = hmc (Default)', '#           nuts', '#             max_depth = 10 (Default)',
      '#         metric = diag_e (Default)', '#     num_chains = 1 (Default)', '# id = 1 (Default)', '# random', '#   seed = 12345',
      'lp__,accept_stat__,stepsize__,treedepth__,n_leapfrog__,divergent__,energy__,theta', '# Adaptation terminated',
      '# Step size = 0.766137', '# Diagonal elements of inverse mass matrix:', '# 0.567537',
      '-6.80017,0.96223506,0.76613686,2,3,0,7.2971456,0.21115047', '-7.037394,0.91182695,0.76613686,2,3,0,7.5712789,0.16378946',
      '# ', '#  Elapsed Time: 0.001 seconds (Warm-up)', '#                0 seconds (Sampling)', '#                0.001 seconds (Total)', '# '].join('\n');
    const r = readCmdStanCsv('bern-1.csv', [v237]);
    expect(r.meta).toMatchObject({ stanVersion: '2.37.0', saveWarmup: false, numWarmup: 1000, seed: 12345, chainId: 1, maxDepth: 10, stepSize: 0.766137, inverseMetric: [0.567537], timing: { warmup: 0.001, sampling: 0, total: 0.001 } });
    expect(r.chain.nWarmup).toBe(0);
    expect([...r.chain.draws]).toEqual([0.21115047, 0.16378946]);
  });

  it('stanName rewrites only an all-integer dotted suffix', () => {
    expect(stanName('b.1')).toBe('b[1]');
    expect(stanName('L_1.2.1')).toBe('L_1[2,1]');
    expect(stanName('b[1]')).toBe('b[1]');
    expect(stanName('my.var')).toBe('my.var');
    expect(stanName('lp__')).toBe('lp__');
  });
});

describe('CmdStan CSV reader: malformed files name the file, the line and what was expected', () => {
  const lines = text(C1).split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('lp__'));
  const edit = (i: number, f: (l: string) => string | null) => {
    const copy = lines.slice();
    const v = f(copy[i]);
    if (v === null) copy.splice(i, 1); else copy[i] = v;
    return copy.join('\n');
  };

  it('a row with a value missing', () => {
    const bad = edit(headerAt + 5, (l) => l.split(',').slice(0, -1).join(','));
    expect(errorOf(() => readCmdStanCsv('c1.csv', [bad]))).toMatch(/^c1\.csv, line 44: 8 values, expected 9 \(the column names on line 39 have 9\)/);
  });

  it('a non-numeric cell', () => {
    const bad = edit(headerAt + 3, (l) => l.replace(/,[^,]*$/, ',abc'));
    expect(errorOf(() => readCmdStanCsv('c1.csv', [bad]))).toMatch(/^c1\.csv, line 42: the value 'abc' in column sigma is not a number/);
  });

  it('accepts nan and inf as CmdStan writes them', () => {
    const ok = edit(headerAt + 3, (l) => l.replace(/,[^,]*$/, ',nan')).replace(/\n(-21\.7296),/, '\n-inf,');
    const r = readCmdStanCsv('c1.csv', [ok]);
    expect(Number.isNaN(r.chain.draws[2 * 2 + 1])).toBe(true);
    expect(r.chain.stats[3 * 7]).toBe(-Infinity);
  });

  it('the column header missing', () => {
    const bad = edit(headerAt, () => null);
    expect(errorOf(() => readCmdStanCsv('c1.csv', [bad]))).toMatch(/^c1\.csv, line 39: expected the column names \(lp__, accept_stat__, \.\.\., then the parameters\) but found numbers/);
    const onlyComments = lines.slice(0, headerAt).join('\n');
    expect(errorOf(() => readCmdStanCsv('c1.csv', [onlyComments]))).toMatch(/^c1\.csv, line 38: the file ended before the column names/);
  });

  it('no draws after the header', () => {
    expect(errorOf(() => readCmdStanCsv('c1.csv', [lines.slice(0, headerAt + 1).join('\n')]))).toMatch(/^c1\.csv: the column names on line 39 are followed by no draws/);
  });

  it('chains with different columns', () => {
    const other = text(C2).replace('energy__,mu,sigma', 'energy__,mu,tau');
    expect(errorOf(() => combineCmdStanChains([readCmdStanCsv(C1, [text(C1)]), readCmdStanCsv('c2.csv', [other])])))
      .toMatch(/^c2\.csv has different columns from model1-1-warmup\.csv: parameter 2 is 'tau' there and 'sigma'/);
    const fewer = text(C2).split('\n').map((l) => (l.startsWith('#') || l === '' ? l : l.split(',').slice(0, -1).join(','))).join('\n');
    expect(errorOf(() => combineCmdStanChains([readCmdStanCsv(C1, [text(C1)]), readCmdStanCsv('c2.csv', [fewer])])))
      .toMatch(/parameter 2 is '\(none\)' there and 'sigma'.*\(1 and 2 parameters\)/);
  });

  it('output of another method (optimize)', () => {
    const opt = text(C1).replace('# method = sample (Default)', '# method = optimize');
    expect(errorOf(() => readCmdStanCsv('o.csv', [opt]))).toMatch(/^o\.csv was written by CmdStan's 'optimize' method/);
  });

  it('the reader is incremental: an error surfaces at the chunk holding the bad line', () => {
    const bad = edit(headerAt + 5, (l) => l.split(',').slice(0, -1).join(','));
    const r = new CmdStanCsvReader('c1.csv');
    const at = bad.indexOf('\n', bad.split('\n').slice(0, headerAt + 5).join('\n').length + 1);
    r.push(bad.slice(0, at - 1));
    expect(() => r.push(bad.slice(at - 1))).toThrow(/line 44/);
  });
});
