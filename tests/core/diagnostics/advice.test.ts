// Issue 22 items 19 and 29: warnings that name the cause of a pathological fit and advise only what
// the user can change (sampler settings by their CLI option or app control, priors, data).
import { describe, expect, it } from 'vitest';
import type { SummaryRow } from '../../../src/core/types';
import {
  samplerWarnings, priorBoundShares, type SamplerWarningsInput,
} from '../../../src/core/diagnostics/warnings';

function row(name: string, rhat: number | null = 1.001, essBulk: number | null = 3000, essTail: number | null = 3000, median = 0): SummaryRow {
  return { name, mean: median, sd: 1, median, mad: 1, quantiles: {}, rhat, ess_bulk: essBulk, ess_tail: essTail, mcse_mean: 0.02 };
}

const healthy: SamplerWarningsInput = {
  summary: [row('b_Intercept'), row('b_x'), row('sigma')],
  chains: 4, divergent: 0, iterations: 1000, treedepthHits: 0, maxTreedepth: 10, ebfmi: [0.9, 1.1, 0.8, 1.0],
};
const messages = (input: SamplerWarningsInput) => samplerWarnings(input).map((w) => w.message).join('\n');

describe('advice names only what the user can change', () => {
  it('never advises a non-centred parameterisation (no user-facing switch exists)', () => {
    const text = messages({
      ...healthy, divergent: 30, ebfmi: [0.1, 1, 1, 1], summary: [row('a', 1.2, 50, 50)], groupTerms: true,
    });
    expect(text).not.toMatch(/centred|centered|parameteri[sz]ation/i);
  });

  it('divergences: raise adapt_delta by its CLI option, or its app control, then stronger priors and more data per group', () => {
    const cli = samplerWarnings({ ...healthy, divergent: 30, groupTerms: true, shell: 'cli' })[0].message;
    expect(cli).toMatch(/--adapt-delta 0\.95/);
    expect(cli).toMatch(/stronger priors/);
    expect(cli).toMatch(/more data per group/);
    const app = samplerWarnings({ ...healthy, divergent: 30, groupTerms: true, shell: 'app' })[0].message;
    expect(app).toMatch(/adapt_delta to 0\.95 in the sampler settings/);
    expect(app).not.toMatch(/--adapt-delta/);
    const noGroups = samplerWarnings({ ...healthy, divergent: 30, groupTerms: false })[0].message;
    expect(noGroups).not.toMatch(/per group/);
  });

  it('with one chain R-hat compares the two halves of the chain, not chains', () => {
    const one = samplerWarnings({ ...healthy, chains: 1, ebfmi: [1], summary: [row('b_x', 1.3)] })
      .find((w) => w.kind === 'rhat')!.message;
    expect(one).toMatch(/first and second halves of the chain disagree/);
    expect(one).not.toMatch(/chains disagree/);
    const four = samplerWarnings({ ...healthy, summary: [row('b_x', 1.3)] }).find((w) => w.kind === 'rhat')!.message;
    expect(four).toMatch(/chains disagree/);
  });

  it('states the ESS threshold as design.md does: 100 per chain', () => {
    const w = samplerWarnings({ ...healthy, summary: [row('b_x', 1, 150, 3000)] }).find((x) => x.kind === 'ess_bulk')!;
    expect(w.message).toMatch(/below 100 per chain \(400 over 4 chains\)/);
    const one = samplerWarnings({ ...healthy, chains: 1, ebfmi: [1], summary: [row('b_x', 1, 50, 3000)] }).find((x) => x.kind === 'ess_bulk')!;
    expect(one.message).toMatch(/below 100 per chain for 1 parameter/);
  });

  it('more iterations are advised by the CLI option or the app field', () => {
    const cli = samplerWarnings({ ...healthy, summary: [row('b_x', 1, 150, 3000)], shell: 'cli' })[0].message;
    expect(cli).toMatch(/--iter 2000/);
    const app = samplerWarnings({ ...healthy, summary: [row('b_x', 1, 150, 3000)], shell: 'app' })[0].message;
    expect(app).toMatch(/Iterations to 2000/);
  });
});

describe('warnings that name the cause', () => {
  it('no warmup: says adaptation was off, first, and suggests --warmup 1000', () => {
    const ws = samplerWarnings({ ...healthy, warmup: 0, divergent: 4000, shell: 'cli' });
    expect(ws[0].kind).toBe('no_warmup');
    expect(ws[0].message).toMatch(/No warmup/);
    expect(ws[0].message).toMatch(/step size and metric were not adapted/);
    expect(ws[0].message).toMatch(/unreliable/);
    expect(ws[0].message).toMatch(/--warmup 1000/);
    // the divergence warning points to the cause instead of suggesting adapt_delta
    const div = ws.find((w) => w.kind === 'divergences')!;
    expect(div.message).not.toMatch(/adapt/);
    expect(samplerWarnings({ ...healthy, warmup: 1 }).map((w) => w.kind)).not.toContain('no_warmup');
  });

  it('too few draws: says R-hat and ESS are undefined and how many draws they need', () => {
    const ws = samplerWarnings({ ...healthy, iterations: 1, summary: [row('b_x', null, null, null)] });
    expect(ws.map((w) => w.kind)).toContain('few_draws');
    const w = ws.find((x) => x.kind === 'few_draws')!;
    expect(w.message).toMatch(/1 post-warmup draw per chain/);
    expect(w.message).toMatch(/R-hat needs at least 4/);
    expect(w.message).toMatch(/ESS at least 6/);
    expect(samplerWarnings({ ...healthy, iterations: 5, summary: [row('b_x', 1, null, null)] }).map((x) => x.kind)).toContain('few_draws');
    expect(samplerWarnings({ ...healthy, iterations: 6 }).map((x) => x.kind)).not.toContain('few_draws');
  });

  it('separation after the fit: a logit coefficient far outside the plausible range (|b sd(x)| > 15)', () => {
    const summary = [row('b_Intercept', 1.02, 90, 40, 0.9), row('b_x', 1.03, 52, 50, 92), row('b_z', 1, 3000, 3000, 2)];
    const ws = samplerWarnings({
      ...healthy, summary, divergent: 32, shell: 'cli',
      logitScales: [{ name: 'b_x', sd: 1.1 }, { name: 'b_z', sd: 2 }],
    });
    expect(ws[0].kind).toBe('separation');
    expect(ws[0].parameters).toEqual(['b_x']);
    expect(ws[0].message).toMatch(/b_x/);
    expect(ws[0].message).toMatch(/[Ss]eparation/);
    expect(ws[0].message).toMatch(/--prior "normal\(0, 2\.5\) b coef=x"/);
    expect(ws[0].message).toMatch(/remove x/);
    // the divergence and R-hat warnings no longer suggest adapt_delta or more iterations as the fix
    const div = ws.find((w) => w.kind === 'divergences')!.message;
    expect(div).not.toMatch(/adapt/);
    expect(ws.find((w) => w.kind === 'rhat')!.message).not.toMatch(/more iterations/);
    // b_z * sd = 4: plausible
    expect(samplerWarnings({ ...healthy, summary: [row('b_z', 1, 3000, 3000, 7)], logitScales: [{ name: 'b_z', sd: 2 }] })).toEqual([]);
  });

  it('separation after the fit of several coefficients (jointly separating predictors) names them all', () => {
    const [w] = samplerWarnings({
      ...healthy, summary: [row('b_x1', 2.9, 2, 13, 3e8), row('b_x2', 2.8, 2, 13, 3.4e8)],
      logitScales: [{ name: 'b_x1', sd: 1 }, { name: 'b_x2', sd: 1 }],
    });
    expect(w.parameters).toEqual(['b_x2', 'b_x1']);
    expect(w.message).toMatch(/b_x2 \(3\.40e\+8 per sd of its predictor\)/);
    expect(w.message).toMatch(/the predictors, alone or together, \(almost\) perfectly predict the outcome/);
    expect(w.message).toMatch(/--prior "normal\(0, 2\.5\) b"\) or remove one of them/);
  });

  it('prior bound: draws piling up at a bound of the prior name the prior and suggest widening it', () => {
    const ws = samplerWarnings({
      ...healthy, divergent: 3500, shell: 'cli',
      boundShares: [{ name: 'sigma', prior: 'uniform(5, 6)', cls: 'sigma', coef: '', group: '', bound: 'lower', value: 5, share: 0.97 }],
    });
    expect(ws[0].kind).toBe('prior_bound');
    expect(ws[0].message).toMatch(/97% of the draws of sigma/);
    expect(ws[0].message).toMatch(/lower bound 5 of its prior uniform\(5, 6\)/);
    expect(ws[0].message).toMatch(/Widen that prior/);
    expect(ws[0].message).toMatch(/--prior/);
    expect(ws.find((w) => w.kind === 'divergences')!.message).not.toMatch(/adapt/);
  });
});

describe('warnings found before sampling', () => {
  const sep = { kind: 'separation' as const, severity: 'warning' as const, message: 'Separation in the data: ...', parameters: ['b_x'] };
  const excluded = { kind: 'prior_bound' as const, severity: 'warning' as const, message: 'uniform(5, 6) on sigma excludes ...', parameters: ['sigma'] };
  const caution = { kind: 'prior_bound' as const, severity: 'info' as const, message: 'lognormal(0, 1) on b_z bounds it ...', parameters: ['b_z'] };
  const warmup = { kind: 'no_warmup' as const, severity: 'error' as const, message: 'No warmup ...', parameters: [] };

  it('keep separation and excluded bounds, and replace the post-fit checks of the same parameters', () => {
    const ws = samplerWarnings({
      ...healthy, summary: [row('b_x', 1, 3000, 3000, 90)], before: [sep, excluded, warmup],
      logitScales: [{ name: 'b_x', sd: 1 }],
      boundShares: [{ name: 'sigma', prior: 'uniform(5, 6)', cls: 'sigma', coef: '', group: '', bound: 'lower', value: 5, share: 0.5 }],
    });
    expect(ws.map((w) => w.message)).toEqual([sep.message, excluded.message]);
  });

  it('drop a brms-style caution about a bound when the draws did not pile up at it, keep it without draws', () => {
    expect(samplerWarnings({ ...healthy, before: [caution], boundShares: [] })).toEqual([]);
    expect(samplerWarnings({ ...healthy, before: [caution] })).toEqual([caution]);
  });
});

describe('priorBoundShares', () => {
  it('counts the share of draws within 1% of the prior width from each bound', () => {
    const piled = [Float64Array.from({ length: 100 }, (_, i) => 5 + (i < 90 ? 0.005 : 0.5))];
    const flat = [Float64Array.from({ length: 100 }, (_, i) => 5 + i / 100)];
    const bounded = [{ name: 'sigma', prior: 'uniform(5, 6)', cls: 'sigma', coef: '', group: '', lower: 5, upper: 6 }];
    const [s] = priorBoundShares(bounded, () => piled);
    expect(s.bound).toBe('lower');
    expect(s.share).toBeCloseTo(0.9, 10);
    // a posterior spread evenly over the prior's range is not a pile-up
    expect(priorBoundShares(bounded, () => flat)).toEqual([]);
    // a missing parameter is skipped
    expect(priorBoundShares(bounded, () => null)).toEqual([]);
  });

  it('one-sided bounds (a lognormal prior on b bounds it at 0) use 1% of the draws\' range', () => {
    const draws = [Float64Array.from({ length: 200 }, (_, i) => (i < 100 ? 1e-4 * i : 0.02 * i))];
    const [s] = priorBoundShares([{ name: 'b_x', prior: 'lognormal(0, 1)', cls: 'b', coef: 'x', group: '', lower: 0, upper: null }], () => draws);
    expect(s.bound).toBe('lower');
    expect(s.share).toBeGreaterThan(0.4);
  });
});

describe('long names', () => {
  it('are cut to 40 characters in every warning, whole code points', () => {
    const long = `b_${'x'.repeat(37)}😀${'y'.repeat(500)}`;
    const summary = [row(long, 1.5, 10, 10, 400)];
    const ws = samplerWarnings({
      ...healthy, summary, divergent: 10, logitScales: [{ name: long, sd: 1 }],
      boundShares: [{ name: long, prior: 'uniform(0, 500)', cls: 'b', coef: long.slice(2), group: '', bound: 'upper', value: 500, share: 0.5 }],
    });
    expect(ws.length).toBeGreaterThan(4);
    for (const w of ws) {
      expect(w.message.length).toBeLessThan(500);
      expect(w.message).not.toMatch(/y{41}/);
    }
    expect(ws[0].message).toContain(`b_${'x'.repeat(37)}😀...`);
  });
});
