// Fuzz tier: random --prior strings through parsePriorArg and prepareModel (a model with b, sd,
// cor and sigma parameters on the fuzz table).
import { describe, expect, it } from 'vitest';
import { parsePriorArg, prepareModel, type PriorSpec } from '../../src/core/model/spec';
import { kinds, runCase, report, type Failure } from './harness';
import { fuzzTable } from './fuzzTable';
import { randomPriorArg } from './priorGen';
import { Random } from './random';
import { getFamily } from '../../src/core/families';

const CASES = 5000;
const SEED0 = 3_000_000;
const FORMULAS = ['y ~ x + z + (1 + x | g)', 'y ~ x * h + (1 | g) + (0 + z || h)', 'cnt ~ x + (1 | g:h)', 'y ~ 0 + `my var` + constructor'];

describe('fuzz: priors', () => {
  it(`${CASES} random prior strings parse and apply, or end in a short UserInputError`, () => {
    const data = fuzzTable();
    const failures: Failure[] = [];
    let applied = 0;
    for (let k = 0; k < CASES; k++) {
      const seed = SEED0 + k;
      const r = new Random(seed);
      const args = Array.from({ length: r.int(1, 3) }, () => randomPriorArg(r));
      const formula = r.pick(FORMULAS);
      const family = r.pick(['gaussian', 'student', 'negbinomial'] as const);
      const f = runCase(seed, `${family} ${formula} --prior ${args.join(' --prior ')}`, () => {
        const priors: PriorSpec[] = args.map(parsePriorArg);
        // a count family only with a count response (the 'cnt' formulas)
        const counts = getFamily(family).response.needs === 'counts';
        const p = prepareModel({ formula, family: counts && !formula.startsWith('cnt') ? 'gaussian' : family, priors }, data);
        applied++;
        return p.messages;
      });
      if (f) failures.push(f);
    }
    console.log(`priors: ${CASES} cases, ${applied} applied, ${failures.length} failures`);
    if (failures.length) console.log(kinds(failures));
    expect(failures, report(failures)).toEqual([]);
  });
});
