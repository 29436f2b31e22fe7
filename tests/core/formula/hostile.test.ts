// Issue 22: hostile and pathological formulas, priors and names. Every case must end in the
// project's own error (UserInputError) with a short message, never a JavaScript error, a stack
// overflow or a hang.
import { describe, expect, it } from 'vitest';
import { FormulaError, ModelError, UserInputError, parseFormula } from '../../../src/core/formula';
import { excerpt, listExcerpt } from '../../../src/core/formula/excerpt';
import { prepareModel } from '../../../src/core/model/spec';
import { parsePriorArg, parsePriorString } from '../../../src/core/model/priorsParse';
import { table } from '../design/csvTable';
import { deparseName } from '../../../src/core/formula/deparse';

const small = () => table({
  y: [1.2, 2.3, 0.7, 3.1, 2.2, 1.9, 2.8, 0.4],
  x: [1, 2, 3, 4, 5, 6, 7, 8],
  z: [-1, 2, -3, 4, 5, -6, 7, 8],
  g: ['a', 'b', 'a', 'b', 'c', 'c', 'a', 'b'],
});

/** The error a call throws; fails the test when it throws nothing or a non-project error. */
function userError(f: () => unknown): UserInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof UserInputError) {
      expect(e.message.length).toBeLessThanOrEqual(500);
      return e;
    }
    throw e;
  }
  throw new Error('no error');
}
const prep = (formula: string, data = small()) => prepareModel({ formula, family: 'gaussian' }, data);
const formulaError = (f: string) => userError(() => prep(f)) as FormulaError;

describe('item 8: deep and long formulas end in a clear error, not a stack overflow', () => {
  it('refuses 5,000 nested parentheses', () => {
    const e = formulaError(`y ~ ${'('.repeat(5000)}x${')'.repeat(5000)}`);
    expect(e).toBeInstanceOf(FormulaError);
    expect(e.message).toMatch(/nested more than 100 levels deep/);
    expect(e.caret.length).toBeLessThan(200);
  });
  it('refuses 5,000 unary signs and a 5,000-long ^ chain inside I()', () => {
    expect(formulaError(`y ~ ${'-'.repeat(5000)}x`).message).toMatch(/nested more than 100 levels deep/);
    expect(formulaError(`y ~ I(x${'^2'.repeat(500)})`).message).toMatch(/nested more than 100 levels deep/);
  });
  it('refuses 5,000 terms joined by + and says the limit', () => {
    const f = `y ~ ${Array.from({ length: 5000 }, (_, i) => `x${i}`).join(' + ')}`;
    expect(formulaError(f).message).toMatch(/more than 1,000 variables and numbers/);
    expect(formulaError(`y ~ I(x${' + x'.repeat(5000)})`).message).toMatch(/more than 1,000 variables and numbers/);
  });
  it('refuses a formula over 1,000,000 characters', () => {
    expect(formulaError(`y ~ ${'x'.repeat(2_000_000)}`).message).toMatch(/2,000,004 characters long; the limit is 1,000,000/);
  });
  it('the largest formulas the limits allow go through prepareModel without a stack overflow', () => {
    // 999 operands in one left-deep chain (deparse, expansion and evaluation recurse on it) ...
    const sum = `y ~ I(${Array.from({ length: 999 }, () => 'x').join(' + ')})`;
    expect(prep(sum).structure.K).toBe(1);
    // ... and 100 levels of nesting around a long chain, with a precedence staircase at each level.
    const nested = `y ~ ${'abs(abs('.repeat(49)}I(x${' + z'.repeat(800)})${'))'.repeat(49)}`;
    expect(prep(nested).structure.K).toBe(1);
    const stair = `y ~ I(${'(x < z + x * z ^ '.repeat(99)}x${')'.repeat(99)})`;
    expect(() => prep(stair)).not.toThrow(RangeError);
  });
  it('still reads 90 nested parentheses and 900 terms', () => {
    expect(prep(`y ~ ${'('.repeat(90)}x${')'.repeat(90)}`).structure.bNames).toEqual(['x']);
    const many = `y ~ ${Array.from({ length: 900 }, (_, i) => `x${i}`).join(' + ')}`;
    expect(parseFormula(many).population.terms).toHaveLength(900);
  });
});

describe('item 9: names of JavaScript built-ins are not functions, distributions or constants', () => {
  it.each(['hasOwnProperty(x)', 'I(valueOf(x))', 'toLocaleString(x)', 'constructor(x)', '`__proto__`(x)', 'x + toString(z)'])(
    'y ~ %s is an unknown function with the list of supported ones', (rhs) => {
      const e = formulaError(`y ~ ${rhs}`);
      expect(e).toBeInstanceOf(FormulaError);
      expect(e.message).toMatch(/^Unknown function '\w+\(\)'/);
      expect(e.message).toMatch(/supported are I\(\), log\(\)/);
    });
  it('Reaction ~ constructor(Days) is refused, not read as a coefficient constructorDays', () => {
    const d = table({ Reaction: [1, 2, 3, 4, 5], Days: [0, 1, 2, 3, 4] });
    expect(userError(() => prepareModel({ formula: 'Reaction ~ constructor(Days)', family: 'gaussian' }, d)).message)
      .toMatch(/Unknown function 'constructor\(\)'/);
  });
  it('a bare built-in name is an unknown column, not a constant', () => {
    expect(formulaError('y ~ I(constructor + x)').message).toMatch(/Unknown column 'constructor'/);
    expect(formulaError('y ~ scale(x, center = toString)').message).toMatch(/Unknown column 'toString'/);
  });
  it('columns and levels named like built-ins work', () => {
    const d = table({ y: [1, 2, 3, 4, 2, 1], constructor: [1, 5, 2, 7, 3, 4], f: ['__proto__', 'toString', 'constructor', '__proto__', 'toString', 'constructor'] });
    const p = prepareModel({ formula: 'y ~ constructor + f', family: 'gaussian' }, d);
    // R's ICU order puts punctuation first: __proto__ < constructor < toString.
    expect(p.structure.bNames).toEqual(['constructor', 'fconstructor', 'ftoString']);
  });
  it('priors: built-in names are unknown distributions', () => {
    expect(userError(() => parsePriorArg('constructor(0,1) b')).message).toMatch(/Unknown prior distribution 'constructor'/);
    expect(userError(() => parsePriorArg('toString() cor')).message).toMatch(/Unknown prior distribution 'toString'/);
    expect(userError(() => parsePriorString('__proto__(1)')).message).toMatch(/Unknown prior distribution '__proto__'/);
  });
  it('priors: a number too large for a double is out of range, not "not a number"', () => {
    expect(userError(() => parsePriorString('normal(0, 1e309)')).message).toMatch(/'1e309' is out of range/);
    expect(userError(() => parsePriorString('normal(0, abc)')).message).toMatch(/must be a number, found 'abc'/);
  });
});

describe('item 10: interaction expansion is bounded', () => {
  it('caps a power at the number of terms', () => {
    expect(parseFormula('y ~ (x)^1000000000').population.terms.map((t) => t.label)).toEqual(['x']);
    expect(parseFormula('y ~ (x + g)^1000000').population.terms.map((t) => t.label)).toEqual(['x', 'g', 'x:g']);
  });
  it('refuses a product of 20 variables and (a1 + ... + a20)^20 with the limit', () => {
    const vars = Array.from({ length: 20 }, (_, i) => `a${i}`);
    expect(formulaError(`y ~ ${vars.join('*')}`).message).toMatch(/more than 1,000 terms/);
    expect(formulaError(`y ~ (${vars.join(' + ')})^20`).message).toMatch(/more than 1,000 terms/);
    expect(formulaError(`y ~ x + (${vars.join('*')} | g)`).message).toMatch(/more than 1,000 terms/);
  });
  it('refuses more than 1,000 design columns, suggesting a grouping factor', () => {
    const n = 1200;
    const d = table({ y: Array.from({ length: n }, (_, i) => i % 7), id: Array.from({ length: n }, (_, i) => `s${i}`) });
    expect(userError(() => prep('y ~ id', d)).message).toMatch(/id gives 1,199 columns; the limit is 1,000.*\(1 \| id\)/);
  });
});

describe('item 28: messages that say what is actually wrong', () => {
  it('a missing response', () => {
    expect(formulaError('~ x + (1|g)').message).toMatch(/no response before '~'/);
  });
  it('|ID| correlation terms', () => {
    expect(formulaError('y ~ x + (1|p|g)').message).toMatch(/\(coefs \| ID \| group\) terms.*not supported yet/);
  });
  it('y ~ . ', () => {
    const e = formulaError('y ~ .');
    expect(e.message).toMatch(/'\.' \(all other columns\) is not supported: list the columns, e\.g\. y ~ x \+ z/);
  });
  it('the lkj error names the class as the priors table does', () => {
    const d = table({ y: [1, 2, 3, 4, 2, 1, 3, 2], x: [1, 2, 3, 4, 5, 6, 7, 8], g: ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd'] });
    const e = userError(() => prepareModel({ formula: 'y ~ x + (x | g)', family: 'gaussian', priors: [{ prior: 'lkj(2)', class: 'b' }] }, d));
    expect(e.message).toMatch(/lkj\(\) is only for correlations \(class cor, shown as L in the priors table\)/);
  });
});

describe('items 26, 29: brms names', () => {
  it('I(z > 0) is a logical, coded as model.matrix does (I(z > 0)TRUE), renamed as brms does', () => {
    const p = prep('y ~ I(z > 0)');
    expect(p.structure.bNames).toEqual(['Iz>0TRUE']);
    expect(Array.from(p.structure.X)).toEqual([0, 1, 0, 1, 1, 0, 1, 1]);
    const q = prep('y ~ 0 + I(z > 0)');
    expect(q.structure.bNames).toEqual(['Iz>0FALSE', 'Iz>0TRUE']);
  });
  it('a backticked name with spaces gets the brms-style name without backticks', () => {
    const d = table({ score: [1, 2, 3, 4, 5], 'hours studied': [2, 1, 4, 3, 5] });
    const p = prepareModel({ formula: 'score ~ `hours studied`', family: 'gaussian' }, d);
    expect(p.structure.bNames).toEqual(['hoursstudied']);
  });
});

describe('done-when: excerpts, code points and capped lists', () => {
  it('an emoji is reported whole, and the caret counts code points', () => {
    const e = formulaError('y ~ x + \u{1F600}');
    expect(e.message).toContain("'\u{1F600}'");
    expect(e.caret).toBe('y ~ x + \u{1F600}\n        ^');
    const e2 = formulaError('y ~ `\u{1F600}\u{1F600}` + $');
    expect(e2.position).toBe(13);
    expect(e2.caret.split('\n')[1]).toBe(`${' '.repeat(11)}^`);
  });
  it('an unknown 1 MB column name is excerpted', () => {
    const e = formulaError(`y ~ \`${'q'.repeat(999_000)}\``);
    expect(e.message).toMatch(/Unknown column 'q{20,40}(…|\.\.\.)'/);
    expect(e.caret.length).toBeLessThan(200);
  });
  it('a long list of rank-deficient columns is capped', () => {
    const rhs = Array.from({ length: 40 }, (_, i) => `I(${i + 2} * x)`).join(' + ');
    const e = userError(() => prep(`y ~ x + ${rhs}`));
    expect(e.message).toMatch(/and 3\d more/);
  });
  it('excerpt and listExcerpt count code points and never split a surrogate pair', () => {
    expect(excerpt('\u{1F600}'.repeat(50), 3)).toBe('\u{1F600}\u{1F600}\u{1F600}...');
    expect(excerpt('short')).toBe('short');
    expect(listExcerpt(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 3)).toBe('a, b, c and 4 more');
    expect(listExcerpt(['a', 'b'], 3)).toBe('a, b');
  });
});

describe('item 26: names that need backticks', () => {
  it('a column name with spaces, quotes or a backslash round-trips through deparseName', () => {
    const d = table({ y: [1, 2, 3, 4, 5], 'a "b"': [2, 1, 4, 3, 5], 'c\\d': [1, 1, 2, 3, 5] });
    const f = `y ~ ${deparseName('a "b"')} + ${deparseName('c\\d')}`;
    expect(f).toBe('y ~ `a "b"` + `c\\d`');
    expect(prepareModel({ formula: f, family: 'gaussian' }, d).structure.bNames).toEqual(['ab', 'c\\d']);
  });
});

describe('error classes', () => {
  it('every user-facing error class extends UserInputError (the fuzz tier accepts only those)', async () => {
    const { UsageError } = await import('../../../src/cli/args');
    for (const e of [new ModelError('m'), new FormulaError('f', 'y ~ x', 0), new UsageError('u')]) {
      expect(e).toBeInstanceOf(UserInputError);
    }
  });
});

describe('done-when: no message splits an emoji', () => {
  const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
  it('an unknown column of 30 emoji (60 UTF-16 units, 30 characters) is quoted whole', () => {
    const e = formulaError(`y ~ x + \`${'\u{1F600}'.repeat(30)}\``);
    expect(e.message).toMatch(/Unknown column '\u{1F600}{30}'/u);
    expect(lone.test(e.message)).toBe(false);
  });
  it('a predictor of 30 emoji with values too large is named without half an emoji', () => {
    const name = '\u{1F600}'.repeat(30);
    const d = table({ y: [1, 2, 3, 4], [name]: [1e200, 2e200, 3e200, 5e200] });
    const e = userError(() => prepareModel({ formula: `y ~ \`${name}\``, family: 'gaussian' }, d));
    expect(e.message).toMatch(/too large/);
    expect(lone.test(e.message)).toBe(false);
  });
});
