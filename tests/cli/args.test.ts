import { describe, expect, it } from 'vitest';
import { parseFitArgs, UsageError } from '../../src/cli/args';

const base = ['--data', 'x.csv', '--formula', 'y ~ x'];

describe('parseFitArgs', () => {
  it('fills the defaults of design.md §4', () => {
    const o = parseFitArgs(base);
    expect(o.settings).toMatchObject({ chains: 4, warmup: 1000, iter: 1000, seed: 1, adaptDelta: 0.8, maxTreedepth: 10, metric: 'auto', adaptation: 'fast' });
    expect(o).toMatchObject({ family: 'gaussian', link: null, priors: [], summary: null, draws: null, quiet: false });
    expect(parseFitArgs([...base, '--family', 'bernoulli', '--link', 'probit'])).toMatchObject({ family: 'bernoulli', link: 'probit' });
    // brms's function names Gamma() and Beta() name the gamma and beta families
    expect(parseFitArgs([...base, '--family', 'Gamma']).family).toBe('gamma');
    expect(parseFitArgs([...base, '--family', 'Beta', '--link', 'logit'])).toMatchObject({ family: 'beta', link: 'logit' });
  });

  it('reads every option, --opt=value too, and collects repeated --prior in order', () => {
    const o = parseFitArgs([...base, '--family', 'poisson', '--chains=2', '--warmup', '0', '--iter', '5', '--seed', '9',
      '--adapt-delta', '0.95', '--max-treedepth', '12', '--metric', 'dense', '--adaptation', 'stan', '--prior', 'normal(0, 1) b',
      '--prior', 'student_t(3, 0, 10) sd', '--summary', 's.json', '--draws', 'd.csv', '--quiet']);
    expect(o.settings).toMatchObject({ chains: 2, warmup: 0, iter: 5, seed: 9, adaptDelta: 0.95, maxTreedepth: 12, metric: 'dense', adaptation: 'stan' });
    expect(o).toMatchObject({ family: 'poisson', priors: ['normal(0, 1) b', 'student_t(3, 0, 10) sd'], summary: 's.json', draws: 'd.csv', quiet: true });
  });

  it('reads --levels as the response categories lowest first (ordinal families)', () => {
    expect(parseFitArgs(base).levels).toBeNull();
    expect(parseFitArgs([...base, '--levels', 'no, perhaps ,yes']).levels).toEqual(['no', 'perhaps', 'yes']);
    expect(() => parseFitArgs([...base, '--levels', 'no,,yes'])).toThrow(/--levels takes the response's categories lowest first, separated by commas/);
    expect(() => parseFitArgs([...base, '--levels', 'no,yes,no'])).toThrow("--levels lists 'no' twice; give each category once");
  });

  it('collects repeated --factor columns in order (issue 22 item 31)', () => {
    expect(parseFitArgs(base).factors).toEqual([]);
    expect(parseFitArgs([...base, '--factor', 'Trt', '--factor=dose']).factors).toEqual(['Trt', 'dose']);
  });

  it('accepts the whole seed range 0 to 4294967295', () => {
    expect(parseFitArgs([...base, '--seed', '0']).settings.seed).toBe(0);
    expect(parseFitArgs([...base, '--seed', '4294967295']).settings.seed).toBe(4294967295);
  });

  it.each([
    [['--formula', 'y ~ x'], /--data FILE.csv is required/],
    [['--data', 'x.csv'], /--formula is required/],
    [[...base, '--chains', '0'], /--chains must be an integer from 1 to 1000 \(got '0'\)/],
    [[...base, '--chains', '2.5'], /--chains must be an integer/],
    [[...base, '--iter', '0'], /--iter must be an integer from 1 to/],
    [[...base, '--warmup', '-1'], /--warmup must be an integer from 0 to/],
    [[...base, '--metric', 'full'], /--metric must be auto, diag or dense/],
    [[...base, '--adaptation', 'quick'], /--adaptation must be fast or stan/],
    [[...base, '--family', 'gausian'], /unknown --family 'gausian' \(did you mean gaussian\?\)/],
    [[...base, '--family', 'bernoulli', '--link', 'cloglog'], /^--link: The bernoulli family has no 'cloglog' link: use one of logit, probit \(default logit\)\.$/],
    [[...base, '--link', 'log'], /^--link: The gaussian family has no 'log' link: use identity \(default identity\)\.$/],
    [[...base, '--seed', '1', '--seed', '2'], /--seed was given twice/],
    [[...base, 'stray'], /unexpected argument 'stray'/],
    [[...base, '--quiet=yes'], /--quiet takes no value/],
    [[...base, '--summary', 'a', '--draws', 'a'], /name the same file/],
    // issue 22: out-of-range numbers are usage errors here, not per-chain failures later
    [[...base, '--seed', '4294967296'], /--seed must be an integer from 0 to 4294967295 \(got '4294967296'\)/],
    [[...base, '--seed', '-1'], /--seed must be an integer from 0 to 4294967295/],
    [[...base, '--seed', '1.5'], /--seed must be an integer from 0 to 4294967295/],
    [[...base, '--seed', '1e3'], /--seed must be an integer/],
    [[...base, '--chains', '1001'], /--chains must be an integer from 1 to 1000/],
    [[...base, '--max-treedepth', '31'], /--max-treedepth must be an integer from 1 to 30/],
    [[...base, '--max-treedepth', '0'], /--max-treedepth must be an integer from 1 to 30/],
    [[...base, '--iter', '9007199254740993'], /--iter must be an integer from 1 to/],
    [[...base, '--warmup', ' '], /--warmup must be an integer/],
    [[...base, '--adapt-delta', 'NaN'], /--adapt-delta must be a number strictly between 0 and 1/],
    [[...base, '--adapt-delta', '0x1'], /--adapt-delta must be a number strictly between 0 and 1/],
    [[...base, '--factor', ''], /--factor needs a column name/],
    [[...base, '--factor', 'a', '--factor', 'a'], /--factor 'a' was given twice/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFitArgs(argv)).toThrow(UsageError);
    expect(() => parseFitArgs(argv)).toThrow(message);
  });
});
