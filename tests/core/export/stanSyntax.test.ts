import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { parseStanSyntax, programInSyntax, toOldStanSyntax } from '../../../src/core/export/stanSyntax';
import { loadCsv } from '../design/csvTable';

const FIXTURES = 'tests/fixtures/stancode'; // made by make_stancode.R (brms 2.18.0, rstan 2.21.7)
const fixture = (f: string) => readFileSync(`${FIXTURES}/${f}`, 'utf8');
/** Everything after the first line (brms writes '// generated with brms 2.18.0' there). */
const body = (program: string) => program.slice(program.indexOf('\n') + 1);

const MODELS = [
  { name: 'sleepstudy', spec: { formula: 'Reaction ~ Days + (Days | Subject)', family: 'gaussian' }, data: () => loadCsv('sleepstudy.csv') },
  { name: 'cbpp', spec: { formula: 'incidence | trials(size) ~ period + (1 | herd)', family: 'binomial' }, data: () => loadCsv('cbpp.csv', ['period']) },
];

describe('the exported Stan program against brms 2.18 make_stancode', () => {
  for (const m of MODELS) {
    const p = prepareModel(m.spec, m.data());
    it(`${m.name}: the default program is brms's up to the array syntax`, () => {
      expect(body(toOldStanSyntax(p.stanProgram))).toBe(body(fixture(`${m.name}.stan`)));
      expect(p.stanProgram).toMatch(/array\[N\] int/);
    });
    it(`${m.name}: the Stan data equal make_standata's`, () => {
      const r = JSON.parse(fixture(`${m.name}-standata.json`)) as Record<string, unknown>;
      expect(Object.keys(p.stanData).sort()).toEqual(Object.keys(r).sort());
      for (const [k, v] of Object.entries(r)) expect(p.stanData[k], k).toEqual(v);
    });
  }
});

describe('toOldStanSyntax', () => {
  it('rewrites sized array declarations with bounds, vector elements and initialisers', () => {
    expect(toOldStanSyntax('  array[N] int<lower=1> J_1;  // grouping')).toBe('  int<lower=1> J_1[N];  // grouping');
    expect(toOldStanSyntax('  array[M_1] vector[N_1] z_1;')).toBe('  vector[N_1] z_1[M_1];');
    expect(toOldStanSyntax('  array[N, 2] real<lower=0, upper=1> p = f(x);')).toBe('  real<lower=0, upper=1> p[N, 2] = f(x);');
    expect(toOldStanSyntax('  array[dims[1]] int Y;')).toBe('  int Y[dims[1]];');
  });
  it('rewrites unsized argument and return types', () => {
    expect(toOldStanSyntax('  array[] real f(array[] int y, array[,] vector v) {'))
      .toBe('  real[] f(int[] y, vector[,] v) {');
  });
  it('leaves everything else, and a program without arrays, unchanged', () => {
    const text = 'data {\n  int<lower=1> N;\n  vector[N] Y;  // an array of numbers\n}\n';
    expect(toOldStanSyntax(text)).toBe(text);
  });
  it('marks the header comment as the older syntax', () => {
    expect(toOldStanSyntax('// generated with Multilevel Studio (current Stan array syntax)\n')).toContain('older Stan array syntax');
  });
  it('programInSyntax and parseStanSyntax', () => {
    expect(programInSyntax('array[N] int Y;', 'current')).toBe('array[N] int Y;');
    expect(programInSyntax('array[N] int Y;', 'old')).toBe('int Y[N];');
    expect(parseStanSyntax('old')).toBe('old');
    expect(parseStanSyntax('current')).toBe('current');
    expect(() => parseStanSyntax('2.21')).toThrow(/'current'.*'old'.*got '2.21'/);
  });
});
