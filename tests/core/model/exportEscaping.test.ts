// Hostile user strings (factor levels, column names, file names, prior groups) in the generated R,
// Stan and LaTeX: each stays data, never code. Text tests always; when Rscript is installed the
// generated R is also parsed by R itself, and the escaped literals are read back by R.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { prepareModel } from '../../../src/core/model/spec';
import { modelEquations } from '../../../src/core/model/equations';
import { parseFormula } from '../../../src/core/formula';
import { rComment, rName, rString, stanComment, latexText } from '../../../src/core/model/codeEscape';
import { tableFromRows } from '../design/csvTable';
import { compareR } from '../../../src/core/design/collate';

const PAYLOAD = 'Y\nsystem("touch PWNED")\n#';
/** Strings that break a literal or a comment in R, Stan or LaTeX if written unescaped. */
const HOSTILE = [
  PAYLOAD, 'a\rsystem("x")', 'a\r\nb', 'a\u2028b\u2029c', 'a\u0085b', 'q"uote\'s', 'back\\slash\\', 'tick`name`',
  'end */ comment /*', '100% \\ $x$ {y} #z ^_~&', 'nul\u0000byte', 'tab\tbell\u0007', 'lone\ud800surrogate', 'emoji 😀',
  'x'.repeat(5000), '\\"); system("y"); ("', '`); system("z"); (`', ' lead and trail ', 'if', 'TRUE', '.2x', '_u',
];

const hasR = (() => { try { execFileSync('Rscript', ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } })();

/** A bernoulli model whose text response has the levels 'N' and `level`, and a group column. */
function bernoulliModel(level: string, groupName = 'g', fileName = 'd.csv') {
  const rows = Array.from({ length: 12 }, (_, i) => [i % 3 ? 'N' : level, String(i % 4), `s${i % 3}`]);
  const t = tableFromRows(fileName, ['resp', 'x', groupName], rows);
  return prepareModel({ formula: `resp ~ x + (1 | \`${groupName}\`)`, family: 'bernoulli', priors: groupName.trim() === groupName ? [{ prior: 'student_t(3, 0, 2.5)', class: 'sd', group: groupName }] : [] }, t);
}

/** A gaussian model with predictor columns named `names` (numeric; the second marked as a factor). */
function namedModel(names: string[], fileName = 'd.csv') {
  const header = ['y', ...names];
  const rows = Array.from({ length: 12 }, (_, i) => [String(i * 1.5 + (i % 2)), ...names.map((_, k) => String((i + k) % 3))]);
  const t = tableFromRows(fileName, header, rows, names.slice(1, 2));
  const formula = `y ~ ${names.map((n) => `\`${n}\``).join(' + ')}`;
  return prepareModel({ formula, family: 'gaussian', priors: [{ prior: 'normal(0, 5)', class: 'b' }] }, t, { dataFile: fileName });
}

/** A binomial cbind() model whose successes and trials columns are named `name` and `name2`. */
function cbindModel(name: string) {
  const rows = Array.from({ length: 12 }, (_, i) => [String(i % 4), String(5 + (i % 3)), String(i % 2), `h${i % 3}`]);
  const t = tableFromRows('d.csv', [name, `${name}2`, 'x', 'herd'], rows);
  return prepareModel({ formula: `cbind(\`${name}\`, \`${name}2\` - \`${name}\`) ~ x + (1 | herd)`, family: 'binomial' }, t);
}

/** Names usable as backticked formula names (the formula tokenizer closes a name at the next backtick). */
const NAMES = HOSTILE.filter((s) => !s.includes('`') && !s.includes('\u0000') && s.trim() === s && s.length < 1000);

describe('generated R keeps hostile strings as data', () => {
  it('a factor level with a newline stays inside the comment and the string (no line runs as R)', () => {
    const r = bernoulliModel(PAYLOAD).brmsCall;
    const lines = r.split('\n');
    expect(lines.some((l) => l.trim().startsWith('system('))).toBe(false);
    const recode = lines.find((l) => l.includes('as.integer'))!;
    expect(recode).toContain(`== ${rString(PAYLOAD)}`);
    expect(recode).toContain('#');
    expect(recode).not.toMatch(/[\r\u2028\u2029]/);
  });
  it('every hostile level, column name and file name leaves the script with only the expected lines', () => {
    for (const s of HOSTILE) {
      const scripts = [bernoulliModel(s).brmsCall, bernoulliModel('Y', 'g', s).brmsCall];
      if (NAMES.includes(s)) scripts.push(namedModel([s, `${s}2`], s).brmsCall, bernoulliModel('Y', s).brmsCall, cbindModel(s).brmsCall);
      for (const r of scripts) {
        for (const line of r.split('\n')) {
          expect(line, JSON.stringify(s)).toMatch(/^(library\(brms\)|data <- read\.csv\(.*, check\.names = FALSE\)|data\$.* <- .*|fit <- brm\(|  .*|\)|summary\(fit\)|)$/s);
          expect(line).not.toMatch(/[\r\u0000]/);
          // R's backticked names take no \u escapes, so separators stay literal there (R reads
          // them as characters of the name); everywhere else they are escaped.
          expect(line.replace(/`(?:[^`\\]|\\.)*`/g, '')).not.toMatch(/[\u2028\u2029\u0085]/);
        }
      }
    }
  });
  it('reads the CSV with check.names = FALSE so `my var` keeps its name and the formula backticks it', () => {
    const r = namedModel(['my var', 'other one']).brmsCall;
    expect(r).toContain('data <- read.csv("d.csv", check.names = FALSE)');
    expect(r).toContain('y ~ `my var` + `other one`');
    expect(r).toContain('data$`other one` <- factor(data$`other one`)');
  });
  it('keeps the formula as typed apart from whitespace: constants, calls, unquoted names', () => {
    const t = tableFromRows('d.csv', ['y', 'x', 'café'], Array.from({ length: 12 }, (_, i) => [String(i * 1.5), String(i % 3), String(i % 4)]));
    const p = prepareModel({ formula: 'y  ~\n scale(x, center = TRUE) + café', family: 'gaussian' }, t);
    expect(p.brmsCall).toContain('  y ~ scale(x, center = TRUE) + café,');
  });
  it('escapes R strings, names and comments', () => {
    expect(rString('a"b\\c\nd\re\u2028\u0000f')).toBe('"a\\"b\\\\c\\nd\\re\\u2028f"');
    expect(rName('my var')).toBe('`my var`');
    expect(rName('a`b\\c\nd')).toBe('`a\\`b\\\\c\\nd`');
    expect(rName('x.1')).toBe('x.1');
    expect(rName('if')).toBe('`if`');
    expect(rName('2x')).toBe('`2x`');
    expect(rComment(PAYLOAD)).toBe('Y\\nsystem("touch PWNED")\\n#');
    expect(rComment('x'.repeat(100))).toBe(`${'x'.repeat(60)}...`);
  });
  it.skipIf(!hasR)('R parses the script into the expected top-level calls only, and reads the data with the formula\'s names', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mls-esc-'));
    const check = join(dir, 'check.R');
    // For each top-level expression: its call head, and for assignments the head of the value.
    writeFileSync(check, [
      'args <- commandArgs(trailingOnly = TRUE)',
      'for (f in args) for (e in parse(file = f, keep.source = FALSE)) {',
      '  head <- if (is.call(e)) deparse(e[[1]]) else class(e)',
      '  if (head == "<-") head <- paste("<-", deparse(e[[3]][[1]]))',
      '  cat(head, "\\n", sep = "")',
      '}',
    ].join('\n'));
    const files: string[] = [];
    HOSTILE.forEach((s, i) => {
      const scripts = [bernoulliModel(s).brmsCall, bernoulliModel('Y', 'g', s).brmsCall];
      if (NAMES.includes(s)) scripts.push(namedModel([s, `${s}2`], s).brmsCall, bernoulliModel('Y', s).brmsCall, cbindModel(s).brmsCall);
      scripts.forEach((r, k) => { const f = join(dir, `s${i}_${k}.R`); writeFileSync(f, r); files.push(f); });
    });
    const heads = execFileSync('Rscript', [check, ...files], { encoding: 'utf8' }).trim().split('\n');
    const allowed = new Set(['library', '<- read.csv', '<- factor', '<- as.integer', '<- brm', 'summary']);
    expect(heads.filter((h) => !allowed.has(h))).toEqual([]);
    expect(heads.filter((h) => h === '<- brm').length).toBe(files.length);
    // The data read back with the script's own read.csv call has every name the formula uses.
    const csv = join(dir, 'd.csv');
    writeFileSync(csv, 'y,my var,other one\n1,2,3\n2,3,1\n');
    const script = join(dir, 'named.R');
    writeFileSync(script, namedModel(['my var', 'other one']).brmsCall);
    const out = execFileSync('Rscript', ['-e', [
      `ex <- parse(file = "${script}", keep.source = FALSE)`,
      'rd <- Filter(function(e) is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && identical(e[[3]][[1]], as.name("read.csv")), ex)[[1]]',
      'data <- eval(rd[[3]])',
      'fit <- Filter(function(e) is.call(e) && identical(e[[1]], as.name("<-")) && identical(e[[3]][[1]], as.name("brm")), ex)[[1]][[3]]',
      'cat(all(all.vars(fit[[2]]) %in% names(data)))',
    ].join('; ')], { encoding: 'utf8', cwd: dir });
    expect(out).toBe('TRUE');
  });
  it.skipIf(!hasR)('R runs the data lines of the script on a CSV holding the hostile level and recodes it as we do', () => {
    // Levels R's read.csv reads as we do (it keeps surrounding spaces, which our reader trims).
    const levels = HOSTILE.filter((s) => !/[\u0000\ud800-\udfff]/.test(s) && s.trim() === s && !s.includes('\r'));
    const dir = mkdtempSync(join(tmpdir(), 'mls-esc-'));
    const quote = (c: string) => `"${c.replace(/"/g, '""')}"`;
    const scripts: string[] = [];
    const expected: string[] = [];
    levels.forEach((level, k) => {
      const p = bernoulliModel(level, 'g', `d${k}.csv`);
      const rows = Array.from({ length: 12 }, (_, i) => [i % 3 ? 'N' : level, String(i % 4), `s${i % 3}`]);
      writeFileSync(join(dir, `d${k}.csv`), ['resp,x,g', ...rows.map((r) => r.map(quote).join(','))].join('\n') + '\n');
      const f = join(dir, `s${k}.R`);
      writeFileSync(f, p.brmsCall);
      scripts.push(f);
      const one = [...new Set(['N', level])].sort(compareR)[1];
      expected.push(rows.map((r) => (r[0] === one ? 1 : 0)).join(' '));
    });
    const run = join(dir, 'run.R');
    // Only assignments to data (read.csv and the recodes) run; R has parsed the rest above.
    writeFileSync(run, [
      'for (f in commandArgs(trailingOnly = TRUE)) {',
      '  for (e in parse(file = f, keep.source = FALSE)) {',
      '    if (is.call(e) && identical(e[[1]], as.name("<-")) && is.call(e[[3]]) && deparse(e[[3]][[1]]) %in% c("read.csv", "as.integer")) eval(e)',
      '  }',
      '  cat(data$resp, "\n")',
      '}',
    ].join('\n'));
    const out = execFileSync('Rscript', [run, ...scripts], { encoding: 'utf8', cwd: dir }).trim().split('\n').map((l) => l.trim());
    expect(out).toEqual(expected);
  });
  it.skipIf(!hasR)('R reads every escaped string and name back as the original (NUL removed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mls-esc-'));
    const f = join(dir, 'values.R');
    writeFileSync(f, HOSTILE.map((s) => `cat(utf8ToInt(${rString(s)}), utf8ToInt(as.character(quote(${rName(s)}))), "\\n", sep = " ")`).join('\n'));
    const lines = execFileSync('Rscript', [f], { encoding: 'utf8' }).split('\n').slice(0, HOSTILE.length);
    HOSTILE.forEach((s, i) => {
      const cps = Array.from(s.replace(/\u0000/g, '').replace(/[\ud800-\udfff]/g, (c, j, all) => (/[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(j - 1, j + 1) + all.slice(j, j + 2)) ? c : '\ufffd')), (c) => c.codePointAt(0));
      expect(lines[i].trim(), JSON.stringify(s).slice(0, 40)).toBe([...cps, ...cps].join(' '));
    });
  });
});

describe('generated Stan and LaTeX keep hostile strings as data', () => {
  it('the Stan program holds no user string (names live in the data JSON, which round-trips)', () => {
    for (const s of NAMES) {
      const p = namedModel([`ZQX${s}`, `ZQX${s}2`]);
      expect(p.stanProgram).not.toContain('ZQX');
      expect(JSON.parse(JSON.stringify(p.stanData))).toEqual(p.stanData);
    }
  });
  it('stanComment keeps a comment on one line and unclosable', () => {
    expect(stanComment('a */ b\nc\u2028')).toBe('a * / b\\nc\\u2028');
    expect(stanComment('x'.repeat(100))).toHaveLength(63);
  });
  it('latexText escapes every special character; KaTeX renders each name as text', () => {
    expect(latexText('100% \\ $x$ {y} #z ^_~&')).toBe('100\\% \\textbackslash{} \\$x\\$ \\{y\\} \\#z \\textasciicircum{}\\_\\textasciitilde{}\\&');
    expect(latexText('a\nb\u2028c\u0000d')).toBe('a b cd');
    for (const s of HOSTILE) {
      const tex = bernoulliModel('Y', s.includes('`') ? 'g' : s).equations;
      expect(() => katex.renderToString(tex, { throwOnError: true, strict: 'ignore' }), JSON.stringify(s).slice(0, 40)).not.toThrow();
      expect(tex.length).toBeLessThan(2000);
      if (!NAMES.includes(s)) continue;
      const f = `\`${s}\` ~ \`${s}2\` + (1 + \`${s}2\` | \`${s}3\`)`;
      for (const named of [namedModel([s, `${s}2`]).equations, modelEquations(parseFormula(f), 'gaussian')]) {
        expect(() => katex.renderToString(named, { throwOnError: true, strict: 'ignore' }), JSON.stringify(s).slice(0, 40)).not.toThrow();
      }
    }
  });
});
