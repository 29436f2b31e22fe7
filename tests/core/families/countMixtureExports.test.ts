// The zero-inflated and hurdle families downstream of the engine, against brms 2.18
// (tests/fixtures/zeroinflated/make_fixtures.R on public/examples/fishing.csv): get_prior's
// default priors, make_stancode's program (equal up to the array syntax, which brms 2.18 writes
// in the old form), the brms call, the Links line, the LaTeX and the summary grouping.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareModel } from '../../../src/core/model/spec';
import { printSummary } from '../../../src/core/io/printSummary';
import { groupSummary } from '../../../src/app/workspace/summaryGroups';
import { ppcKind } from '../../../src/app/workspace/ppc';
import { boundedParameters } from '../../../src/core/model/preflight';
import { tableFromRows } from '../design/csvTable';
import type { SummaryRow } from '../../../src/core/types';

const root = join(__dirname, '..', '..', '..');
const fixtures = JSON.parse(readFileSync(join(root, 'tests/fixtures/zeroinflated/brms_fixtures.json'), 'utf8')) as {
  cases: { family: string; formula: string; default_priors: { prior: string; class: string; coef: string; group: string; source: string }[]; stancode: string }[];
};

function fishing() {
  const lines = readFileSync(join(root, 'public/examples/fishing.csv'), 'utf8').split(/\r?\n/).filter((l) => l.length > 0);
  return tableFromRows('fishing.csv', lines[0].split(','), lines.slice(1).map((l) => l.split(',')));
}

/** brms 2.18's old array declarations (`int Y[N];`, `vector[N_1] z_1[M_1];`) in Stan's current syntax. */
function currentArraySyntax(code: string): string {
  return code.replace(/^(\s*)((?:int|real|vector|matrix)(?:<[^>]*>)?(?:\[[^\]]*\])?) (\w+)\[([^\]]+)\];/gm, '$1array[$4] $2 $3;');
}

describe('zero-inflated and hurdle families against brms 2.18 (fishing example)', () => {
  const table = fishing();
  for (const c of fixtures.cases) {
    const prepared = prepareModel({ formula: c.formula, family: c.family }, table);
    it(`${c.family}, ${c.formula}: default priors are get_prior's`, () => {
      // The correlation rows are left out: this brms 2.18 get_prior prints them as cor / lkj(1),
      // shared/fixtures/reference (and so the priors table) as L / lkj_corr_cholesky(1).
      const strip = (rows: typeof c.default_priors) => rows.filter((r) => r.class !== 'cor' && r.class !== 'L')
        .map(({ prior, class: cls, coef, group }) => ({ prior, class: cls, coef, group }));
      expect(strip(prepared.priorTable)).toEqual(strip(c.default_priors));
    });
    it(`${c.family}, ${c.formula}: the Stan program is make_stancode's`, () => {
      const ours = prepared.stanProgram.split('\n').slice(1).join('\n');
      const brms = currentArraySyntax(c.stancode).split('\n').slice(1).join('\n');
      expect(ours.trimEnd()).toBe(brms.trimEnd());
    });
  }

  it('brms call, LaTeX and Links line name the family and its parameter', () => {
    const p = prepareModel({ formula: 'fish ~ persons + (1 | lake)', family: 'hurdle_negbinomial' }, table);
    expect(p.brmsCall).toContain('family = hurdle_negbinomial(),');
    expect(p.equations).toContain('\\operatorname{HurdleNegBinomial}(\\lambda_{i}, \\phi, \\mathrm{hu})');
    const z = prepareModel({ formula: 'fish ~ persons + (1 | lake)', family: 'zero_inflated_poisson' }, table);
    expect(z.brmsCall).toContain('family = zero_inflated_poisson(),');
    expect(z.equations).toContain('\\operatorname{ZIPoisson}(\\lambda_{i}, \\mathrm{zi})');
    expect(z.equations).toContain('\\log(\\lambda_{i})');
  });

  it('summary: zi, hu and shape are Family Specific Parameters, Links as brms prints them; PPC bars', () => {
    const row = (name: string): SummaryRow => ({
      name, mean: 0.3, sd: 0.1, median: 0.3, mad: 0.1, quantiles: { 'q2.5': 0.1, 'q97.5': 0.5 }, rhat: 1, ess_bulk: 900, ess_tail: 800, mcse_mean: 0.01,
    });
    const rows = [row('b_Intercept'), row('b_persons'), row('sd_lake__Intercept'), row('shape'), row('hu'), row('r_lake[Alder,Intercept]')];
    const groups = groupSummary(rows);
    expect(groups.find((g) => g.key === 'family')!.rows.map((r) => r.name)).toEqual(['shape', 'hu']);
    const text = printSummary({
      family: 'hurdle_negbinomial', formula: 'fish ~ persons + (1 | lake)', dataName: 'fishing.csv', nObs: 400,
      chains: 4, warmup: 1000, iter: 1000, rows, groups: [{ group: 'lake', nLevels: 12 }], warnings: [],
    });
    expect(text).toContain(' Family: hurdle_negbinomial \n  Links: mu = log; shape = identity; hu = identity \n');
    expect(text).toMatch(/Family Specific Parameters: \n\s+Estimate.*\nshape .*\nhu /);
    for (const f of ['zero_inflated_poisson', 'zero_inflated_negbinomial', 'hurdle_poisson', 'hurdle_negbinomial']) expect(ppcKind(f)).toBe('bars');
  });

  it('rejects a response that is not a count, naming the row', () => {
    const bad = tableFromRows('bad.csv', ['fish', 'x'], [['0', '1'], ['2', '2'], ['1.5', '3']]);
    expect(() => prepareModel({ formula: 'fish ~ x', family: 'zero_inflated_negbinomial' }, bad))
      .toThrow('The zero_inflated_negbinomial family needs non-negative whole-number counts, but fish is 1.5 at data row 3.');
  });
});

describe('zi and hu priors and their bounds', () => {
  const table = fishing();
  it('the default beta(1, 1) on zi bounds nothing beyond (0, 1); a uniform(0, 0.5) does', () => {
    const s = (priors: { prior: string; class: string }[]) =>
      prepareModel({ formula: 'fish ~ persons', family: 'zero_inflated_poisson', priors }, table).structure;
    expect(boundedParameters(s([])).filter((b) => b.cls === 'zi')).toEqual([]);
    const b = boundedParameters(s([{ prior: 'uniform(0, 0.5)', class: 'zi' }])).filter((x) => x.cls === 'zi');
    expect(b.map(({ lower, upper }) => ({ lower, upper }))).toEqual([{ lower: null, upper: 0.5 }]);
  });
  it('a user beta prior on hu reaches the model and the Stan program', () => {
    const p = prepareModel({ formula: 'fish ~ persons', family: 'hurdle_poisson', priors: [{ prior: 'beta(2, 5)', class: 'hu' }] }, table);
    expect(p.structure.familyPriors).toEqual([{ name: 'hu', prior: { dist: 'beta', alpha: 2, beta: 5 } }]);
    expect(p.stanProgram).toContain('  lprior += beta_lpdf(hu | 2, 5);');
  });
});
