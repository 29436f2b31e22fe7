// Fuzz tier: 20,000 random formulas (grammar-based, hostile names, deep nesting, huge powers,
// unicode) through parseFormula and prepareModel on a small table.
import { describe, expect, it } from 'vitest';
import { prepareModel, FAMILIES } from '../../src/core/model/spec';
import { kinds, runCase, report, type Failure } from './harness';
import { randomFormula } from './formulaGen';
import { fuzzTable } from './fuzzTable';
import { Random } from './random';

const CASES = 20_000;
const SEED0 = 1_000_000;

describe('fuzz: formulas', () => {
  it(`${CASES} random formulas end in a model or a short UserInputError, each within 1 s`, () => {
    const data = fuzzTable();
    const failures: Failure[] = [];
    let prepared = 0;
    const t0 = performance.now();
    for (let k = 0; k < CASES; k++) {
      const seed = SEED0 + k;
      const r = new Random(seed);
      const formula = randomFormula(r);
      const family = r.chance(0.02) ? 'constructor' : r.chance(0.5) ? 'gaussian' : r.pick(FAMILIES);
      const f = runCase(seed, `${family}: ${formula}`, () => {
        const p = prepareModel({ formula, family: family as (typeof FAMILIES)[number] }, data);
        prepared++;
        return p.messages;
      }, formula);
      if (f) failures.push(f);
    }
    console.log(`formulas: ${CASES} cases, ${prepared} prepared, ${failures.length} failures, ${Math.round(performance.now() - t0)} ms`);
    if (failures.length) console.log(kinds(failures));
    expect(failures, report(failures)).toEqual([]);
  });
});
