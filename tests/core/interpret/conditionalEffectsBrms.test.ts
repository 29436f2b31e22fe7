// Conditional effects against brms 2.18's conditional_effects() on the same draws
// (tests/fixtures/interpret/make_conditional_effects.R wrote the fits' draws and brms's data
// frames): the grid, the moderator values and labels, the estimates and intervals must agree.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { send, useInProcessWorker } from './inProcessWorker';
import { prepareModel } from '../../../src/core/model/spec';
import { viewsDesign } from '../../../src/app/workspace/useInterpretView';
import type { ConditionalEffectsResult, EffectsJob } from '../../../src/core/interpret/conditionalEffects';
import type { DataTable, FamilyName } from '../../../src/core/types';
import { loadCsv, tableFromRows } from '../design/csvTable';

useInProcessWorker();

const dir = fileURLToPath(new URL('../../fixtures/interpret/', import.meta.url));
const fixtureFile = `${dir}conditional_effects.json`;
type Frame = Record<string, (number | string | null)[]>;
const fixture = existsSync(fixtureFile) ? JSON.parse(readFileSync(fixtureFile, 'utf8')) as Record<string, Record<string, Frame>> : null;

let id = 1000;
function runner(table: DataTable, formula: string, family: FamilyName, draws: Frame) {
  const structure = prepareModel({ formula, family }, table).structure;
  const names = Object.keys(draws);
  const S = draws[names[0]].length;
  const rows = new Float64Array(S * names.length);
  names.forEach((n, j) => draws[n].forEach((v, i) => { rows[i * names.length + j] = Number(v); }));
  send({ id: id++, type: 'table', table });
  const key = `brms-${id}`;
  let first = true;
  return (job: Omit<EffectsJob, 'kind' | 'formula'>): ConditionalEffectsResult => {
    const reply = send({ id: id++, type: 'views', job: { kind: 'effects', formula, ...job }, key, ...(first ? { draws: { names, rows, nDraws: S }, design: viewsDesign(structure) } : {}) });
    first = false;
    if (reply.type !== 'views' || reply.result.kind !== 'effects') throw new Error(reply.type === 'error' ? reply.error.message : reply.type);
    return reply.result;
  };
}

/** Every row of ours against brms's: effect1__, effect2__, estimate__, se__, lower__, upper__. */
function expectSame(r: ConditionalEffectsResult, b: Frame) {
  expect(r.columns).toEqual(Object.keys(b).filter((k) => !k.endsWith('__')));
  expect(r.rows).toHaveLength(b.estimate__.length);
  r.rows.forEach((row, i) => {
    row.values.forEach((v, j) => {
      const theirs = b[r.columns[j]][i];
      if (theirs === null) expect(v).toBeNaN(); // NA
      else if (typeof v === 'number') expect(v).toBeCloseTo(Number(theirs), 10);
      else expect(v).toBe(String(theirs));
    });
    if (typeof row.effect1 === 'number') expect(row.effect1).toBeCloseTo(Number(b.effect1__[i]), 10);
    else expect(row.effect1).toBe(b.effect1__[i]);
    if (b.effect2__) expect(row.effect2).toBe(String(b.effect2__[i]));
    for (const [ours, theirs] of [[row.estimate, b.estimate__[i]], [row.se, b.se__[i]], [row.lower, b.lower__[i]], [row.upper, b.upper__[i]]] as const) {
      expect(Math.abs(ours - Number(theirs))).toBeLessThan(1e-8 * Math.max(1, Math.abs(Number(theirs))));
    }
  });
}

describe.skipIf(!fixture)('conditional effects as brms 2.18 computes them from the same draws', () => {
  it('sleepstudy Days: median and MAD (brms default), mean and sd at 90%, Subject 308 included', () => {
    const f = fixture!.sleep;
    const run = runner(loadCsv('sleepstudy.csv'), 'Reaction ~ Days + (Days | Subject)', 'gaussian', f.draws);
    expectSame(run({ prob: 0.95, robust: true }), f.Days_median);
    expectSame(run({ prob: 0.9, robust: false }), f.Days_mean);
    expectSame(run({ prob: 0.95, robust: false, group: { group: 'Subject', level: '308' } }), f.Days_308);
  });

  it('x * z + f: the numeric moderator at mean -/+ sd with brms\'s labels, the factor, x alone', () => {
    const f = fixture!.inter;
    const lines = readFileSync(`${dir}inter_data.csv`, 'utf8').trim().split('\n').map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
    const table = tableFromRows('inter_data.csv', lines[0], lines.slice(1));
    const run = runner(table, 'y ~ x * z + f', 'gaussian', f.draws);
    const xz = run({ effect: 'x:z', prob: 0.95, robust: false });
    expect(xz.effect2Levels).toEqual([...new Set(f.xz.effect2__.map(String))].sort((a, b) => Number(b) - Number(a)));
    expectSame(xz, f.xz);
    expectSame(run({ effect: 'f', prob: 0.95, robust: false }), f.f);
    expectSame(run({ effect: 'x', prob: 0.95, robust: true }), f.x);
  });

  it('vote_income: the probability of vote = 1 over income', () => {
    const f = fixture!.vote;
    const run = runner(loadCsv('vote_income.csv'), 'vote ~ income + (1 | state)', 'bernoulli', f.draws);
    expectSame(run({ prob: 0.95, robust: false }), f.income);
  });
});
