import { describe, expect, it } from 'vitest';
import { parseFitArgs, UsageError } from '../../src/cli/args';

const base = ['--data', 'x.csv', '--formula', 'y ~ x'];

describe('parseFitArgs', () => {
  it('fills the defaults of design.md §4', () => {
    const o = parseFitArgs(base);
    expect(o.settings).toMatchObject({ chains: 4, warmup: 1000, iter: 1000, seed: 1, adaptDelta: 0.8, maxTreedepth: 10, metric: 'auto', adaptation: 'fast' });
    expect(o).toMatchObject({ family: 'gaussian', priors: [], summary: null, draws: null, quiet: false });
  });

  it('reads every option, --opt=value too, and collects repeated --prior in order', () => {
    const o = parseFitArgs([...base, '--family', 'poisson', '--chains=2', '--warmup', '0', '--iter', '5', '--seed', '9',
      '--adapt-delta', '0.95', '--max-treedepth', '12', '--metric', 'dense', '--adaptation', 'stan', '--prior', 'normal(0, 1) b',
      '--prior', 'student_t(3, 0, 10) sd', '--summary', 's.json', '--draws', 'd.csv', '--quiet']);
    expect(o.settings).toMatchObject({ chains: 2, warmup: 0, iter: 5, seed: 9, adaptDelta: 0.95, maxTreedepth: 12, metric: 'dense', adaptation: 'stan' });
    expect(o).toMatchObject({ family: 'poisson', priors: ['normal(0, 1) b', 'student_t(3, 0, 10) sd'], summary: 's.json', draws: 'd.csv', quiet: true });
  });

  it.each([
    [['--formula', 'y ~ x'], /--data FILE.csv is required/],
    [['--data', 'x.csv'], /--formula is required/],
    [[...base, '--chains', '0'], /--chains must be an integer >= 1 \(got '0'\)/],
    [[...base, '--chains', '2.5'], /--chains must be an integer/],
    [[...base, '--iter', '0'], /--iter must be an integer >= 1/],
    [[...base, '--warmup', '-1'], /--warmup must be an integer >= 0/],
    [[...base, '--metric', 'full'], /--metric must be auto, diag or dense/],
    [[...base, '--adaptation', 'quick'], /--adaptation must be fast or stan/],
    [[...base, '--family', 'gausian'], /unknown --family 'gausian' \(did you mean gaussian\?\)/],
    [[...base, '--seed', '1', '--seed', '2'], /--seed was given twice/],
    [[...base, 'stray'], /unexpected argument 'stray'/],
    [[...base, '--quiet=yes'], /--quiet takes no value/],
    [[...base, '--summary', 'a', '--draws', 'a'], /name the same file/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFitArgs(argv)).toThrow(UsageError);
    expect(() => parseFitArgs(argv)).toThrow(message);
  });
});
