import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HypothesisError, evaluateHypothesis, formatBrms, hypothesesCsv, limitChars, parseHypothesis, summariseHypothesis,
} from '../../../src/core/interpret/hypothesis';

interface Case {
  text: string; alpha: number; hypothesis: string; estimate: number; estError: number;
  ciLower: number; ciUpper: number; evidRatio: number | 'NA' | 'Inf'; postProb: number | 'NA'; star: boolean;
}
const fixture = JSON.parse(readFileSync(new URL('../../fixtures/interpret/hypothesis.json', import.meta.url), 'utf8')) as {
  draws: Record<string, number[]>; cases: Case[];
};
const names = Object.keys(fixture.draws);
const columns = new Map(names.map((n) => [n, Float64Array.from(fixture.draws[n])]));
const S = fixture.draws.b_Days.length;
const drawsOf = (n: string) => columns.get(n)!;
const num = (x: number | 'NA' | 'Inf') => (x === 'NA' ? NaN : x === 'Inf' ? Infinity : x);

function errorOf(text: string, params: readonly string[] = names): HypothesisError {
  try {
    parseHypothesis(text, params);
  } catch (err) {
    if (err instanceof HypothesisError) return err;
    throw err;
  }
  throw new Error(`no error for ${text}`);
}

describe('hypothesis: brms arithmetic (R fixture from make_hypothesis.R)', () => {
  for (const c of fixture.cases) {
    it(c.text, () => {
      const { result } = evaluateHypothesis(c.text, names, drawsOf, S, c.alpha);
      expect(result.hypothesis).toBe(c.hypothesis);
      expect(result.estimate).toBeCloseTo(c.estimate, 10);
      expect(result.estError).toBeCloseTo(c.estError, 10);
      expect(result.ciLower).toBeCloseTo(c.ciLower, 10);
      expect(result.ciUpper).toBeCloseTo(c.ciUpper, 10);
      const er = num(c.evidRatio);
      if (Number.isFinite(er)) expect(result.evidRatio).toBeCloseTo(er, 10);
      else expect(result.evidRatio).toBe(er);
      const pp = num(c.postProb);
      if (Number.isNaN(pp)) expect(result.postProb).toBeNaN();
      else expect(result.postProb).toBeCloseTo(pp, 12);
      expect(result.star).toBe(c.star);
    });
  }
});

describe('hypothesis: against a direct loop over the draws', () => {
  it('Days > 5 is b_Days - 5 per draw, with the one-sided 90% interval at alpha 0.05', () => {
    const { result, values } = evaluateHypothesis('Days > 5', names, drawsOf, S);
    const d = drawsOf('b_Days');
    let sum = 0;
    let hits = 0;
    for (let i = 0; i < S; i++) {
      expect(values[i]).toBe(d[i] - 5);
      sum += d[i] - 5;
      if (d[i] - 5 > 0) hits++;
    }
    expect(result.estimate).toBeCloseTo(sum / S, 12);
    expect(result.postProb).toBeCloseTo(hits / S, 12);
    const sorted = Array.from(values).sort((a, b) => a - b);
    // type 7 at p = 0.05: h = 1 + 999 * 0.05 = 50.95
    expect(result.ciLower).toBeCloseTo(sorted[49] + 0.95 * (sorted[50] - sorted[49]), 10);
    expect(result.parameters).toEqual(['b_Days']);
  });

  it('R precedence: -2^2 is -4, 2^-1 is 0.5, ^ is right-associative, / and - are left-associative', () => {
    const one = new Float64Array(S).fill(1);
    const draws = (n: string) => (n === 'b_x' ? one : drawsOf(n));
    const value = (t: string) => evaluateHypothesis(t, ['b_x'], draws, S).values[0];
    expect(value('-2^2 + x = 0')).toBe(-3);
    expect(value('2^-1 * x = 0')).toBe(0.5);
    expect(value('2^3^2 * x = 0')).toBe(512);
    expect(value('8 / 4 / 2 * x = 0')).toBe(1);
    expect(value('x - 1 - 1 = 0')).toBe(-1);
    expect(value('(x + 1) * 3 = 0')).toBe(6);
    expect(value('sqrt(4 * x) + log(exp(2)) + abs(-x) = 0')).toBe(5);
    expect(value('.5e1 * x = 1.5')).toBe(3.5);
  });

  it('a draw where the quantity is not a number is an error, not a silent NaN', () => {
    expect(() => evaluateHypothesis('log(Days - 12) > 0', names, drawsOf, S)).toThrow(/not a number/);
  });

  it('summariseHypothesis: Post.Prob 0 when no draw is on the side, and the star rules', () => {
    const v = Float64Array.from([-3, -2, -1, -0.5]);
    const r = summariseHypothesis(v, '>', 0.05);
    expect(r.evidRatio).toBe(0);
    expect(r.postProb).toBe(0);
    expect(r.star).toBe(false);
    expect(summariseHypothesis(v, '<', 0.05)).toMatchObject({ evidRatio: Infinity, postProb: 1, star: true });
    expect(summariseHypothesis(v, '=', 0.05).star).toBe(true);
    expect(summariseHypothesis(Float64Array.from([-1, 1, 2]), '=', 0.05).star).toBe(false);
  });
});

describe('hypothesis: names and messages', () => {
  it('short names resolve to b_, full names are kept, brackets and colons are part of a name', () => {
    const p = parseHypothesis('Intercept + r_Subject[ 308, Intercept ] > b_Days:group * sigma', names);
    expect(p.parameters).toEqual(['b_Intercept', 'r_Subject[308,Intercept]', 'b_Days:group', 'sigma']);
    expect(p.label).toBe('(Intercept+r_Subject[308,Intercept])-(b_Days:group*sigma) > 0');
  });

  it('unknown names are listed with near matches and a caret under the first', () => {
    const e = errorOf('Dayz + sd_Subjet__Days > 5');
    expect(e.message).toMatch(/Unknown parameters `Dayz` \(did you mean `Days`\?\), `sd_Subjet__Days` \(did you mean `sd_Subject__Days`\?\)/);
    expect(e.position).toBe(0);
    const f = errorOf('Days > sigmaa');
    expect(f.position).toBe(7);
    expect(f.caret).toBe('Days > sigmaa\n       ^');
    expect(f.message.length).toBeLessThan(500);
  });

  it('syntax errors point at the spot', () => {
    expect(errorOf('Days 5').message).toMatch(/compares two sides/);
    expect(errorOf('Days >= 5').position).toBe(6);
    expect(errorOf('Days >= 5').message).toMatch(/one comparison sign/);
    expect(errorOf('Days > 5 > 2').message).toMatch(/exactly one comparison/);
    expect(errorOf('> 5').message).toMatch(/Nothing before `>`/);
    expect(errorOf('Days >').message).toMatch(/Nothing after `>`/);
    const open = errorOf('(Days + 1 > 5');
    expect(open.position).toBe(0);
    expect(open.message).toMatch(/never closed/);
    const star = errorOf('Days * * 2 > 0');
    expect(star.position).toBe(7);
    expect(star.message).toMatch(/Expected a parameter name, a number or `\(`/);
    const trailing = errorOf('Days 2 > 0');
    expect(trailing.position).toBe(5);
    expect(errorOf('Days & 2 > 0').position).toBe(5);
    expect(errorOf('foo(Days) > 0').message).toMatch(/Unknown function `foo\(\)`/);
    expect(errorOf('r_Subject[308 > 0').message).toMatch(/never closed/);
    expect(errorOf('  ').message).toMatch(/Write a hypothesis/);
  });

  it('a long unknown name is quoted short', () => {
    const long = 'x'.repeat(80);
    expect(errorOf(`${long} > 0`).message).toContain(`${'x'.repeat(40)}...`);
  });
});

describe('hypothesis: printing as brms', () => {
  it('rounds to 2 digits, prints NA and Inf, and limits the label as limit_chars(x, 20)', () => {
    expect(formatBrms(5.501009)).toBe('5.5');
    expect(formatBrms(NaN)).toBe('NA');
    expect(formatBrms(Infinity)).toBe('Inf');
    expect(formatBrms(-0.001)).toBe('0');
    // R's round(x, 2) (R 4.2): the stored double decides, exact ties go to the even digit
    const r = [[0.125, '0.12'], [0.135, '0.14'], [2.675, '2.67'], [-0.125, '-0.12'], [1.005, '1'], [0.285, '0.28'], [12.345, '12.35'], [0.015, '0.01'], [0.025, '0.03'], [1234.565, '1234.57']] as const;
    for (const [x, want] of r) expect(formatBrms(x), String(x)).toBe(want);
    expect(limitChars('(Days)-(5) > 0')).toBe('(Days)-(5) > 0');
    expect(limitChars('(b_Intercept-20*b_Days)-(40) = 0')).toBe('(b_Intercept-20*b... = 0');
  });

  it('CSV has brms columns, NA for point hypotheses, quoted labels', () => {
    const rs = ['Days > 5', 'Days = 10'].map((t) => evaluateHypothesis(t, names, drawsOf, S).result);
    const lines = hypothesesCsv(rs).trim().split('\n');
    expect(lines[0]).toBe('Hypothesis,Estimate,Est.Error,CI.Lower,CI.Upper,Evid.Ratio,Post.Prob,Star,alpha');
    expect(lines[1].startsWith('"(Days)-(5) > 0",')).toBe(true);
    expect(lines[2].split(',').slice(5, 7)).toEqual(['NA', 'NA']);
  });
});

describe('hypothesis: random input', () => {
  it('never throws anything but a HypothesisError with a caret inside the text', () => {
    const alphabet = ['Days', 'b_Days', 'sigma', 'r_Subject[308,Intercept]', '[', ']', ',', '(', ')', '+', '-', '*', '/', '^', '<', '>', '=', '1', '.5', '2e3', ' ', 'exp', 'x', ':', '#', '.'];
    let state = 12345;
    const next = () => { state = (state * 1103515245 + 12345) % 2147483648; return state; };
    let parsed = 0;
    for (let k = 0; k < 3000; k++) {
      const len = 1 + (next() % 9);
      let text = '';
      for (let i = 0; i < len; i++) text += alphabet[next() % alphabet.length];
      try {
        const { result } = evaluateHypothesis(text, names, drawsOf, S);
        expect(result.hypothesis.length).toBeGreaterThan(0);
        parsed++;
      } catch (err) {
        if (err instanceof HypothesisError) {
          expect(err.position).toBeGreaterThanOrEqual(0);
          expect(err.position).toBeLessThanOrEqual(text.length);
          expect(err.message.length).toBeLessThan(500);
        } else {
          // only the evaluation may refuse (a quantity that is not a number in some draws)
          expect(String(err), text).toMatch(/not a number/);
        }
      }
    }
    expect(parsed).toBeGreaterThan(2);
  });
});
