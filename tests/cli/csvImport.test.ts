// The CLI reads CSV files as the browser does and says what the import did (issue 22, 14-16, 21).
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCli, freshDir, runFit } from './helpers';

beforeAll(() => buildCli());

const SHORT = ['--chains', '1', '--warmup', '60', '--iter', '30', '--seed', '3'];

/** 40 rows; score has 3 text cells (read as missing) and 2 NA cells; x one empty cell. */
function messyCsv(): string {
  const rows = Array.from({ length: 40 }, (_, i) => {
    const score = i === 11 ? 'abc' : i === 19 ? 'n/a' : i === 32 ? '?' : i === 5 || i === 6 ? 'NA' : String(50 + (i % 9) + i / 10);
    return `${score},${i === 25 ? '' : i % 5},${'abcd'[i % 4]}`;
  });
  return ['score,x,g', ...rows].join('\n') + '\n';
}

describe('fit CLI prints the CSV import warnings and records the dropped rows', () => {
  it('warns on stderr about text cells read as missing, also with --quiet, and writes n_dropped', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'm.csv'), messyCsv());
    const r = runFit(['--data', 'm.csv', '--formula', 'score ~ x + (1 | g)', ...SHORT, '--quiet', '--summary', 's.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning: Column score: 3 non-numeric cells treated as missing: row 12 'abc', row 20 'n/a', row 33 '?'.");
    const summary = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8'));
    expect(summary.n_obs).toBe(34);
    expect(summary.n_dropped).toEqual({
      total: 6,
      by_column: [
        { column: 'score', reason: 'non-numeric', rows: 3 },
        { column: 'score', reason: 'missing', rows: 2 },
        { column: 'x', reason: 'missing', rows: 1 },
      ],
    });
  });
  it('says why rows were dropped (per column and reason) in its note without --quiet', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'm.csv'), messyCsv());
    const r = runFit(['--data', 'm.csv', '--formula', 'score ~ x', ...SHORT, '--summary', 's.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: Dropped 6 of 40 rows .*\(score: 3 non-numeric cells read as missing, 2 missing; x: 1 missing\)/);
  });
});

describe('fit CLI decodes files as the browser does', () => {
  it('keeps café and cafè apart in a Windows-1252 file and notes the encoding', () => {
    const dir = freshDir();
    const text = 'place,y\n' + Array.from({ length: 30 }, (_, i) => `${i % 2 ? 'caf\u00e9' : 'caf\u00e8'},${(i % 7) + (i % 2)}`).join('\n') + '\n';
    writeFileSync(join(dir, 'w.csv'), Buffer.from(text, 'latin1'));
    const r = runFit(['--data', 'w.csv', '--formula', 'y ~ place', ...SHORT, '--summary', 's.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: The file is not valid UTF-8; it was read as Windows-1252/);
    const names = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).parameters.map((p: { name: string }) => p.name);
    expect(names.filter((n: string) => n.startsWith('b_'))).toHaveLength(2);
  });
  it('refuses a file with a NUL byte after the first 64 KB with one line and exit 1', () => {
    const dir = freshDir();
    const body = Array.from({ length: 12000 }, (_, i) => `${i},${i % 3}`).join('\n');
    writeFileSync(join(dir, 'n.csv'), `y,x\n${body.slice(0, 69000)}\u0000${body.slice(69000)}\n`);
    const r = runFit(['--data', 'n.csv', '--formula', 'y ~ x', ...SHORT, '--summary', 's.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^fit: error: --data 'n\.csv': This is not a CSV file: it contains binary data \(a NUL byte at byte 69,005 \(line/);
    expect(r.files).toEqual(['n.csv']);
  });
});

describe('fit CLI: predictors too large to fit (issue 22 item 18)', () => {
  it("says 'values too large to fit; rescale' for I(Days*1e200):I(Days*1e200), never an internal message", () => {
    const dir = freshDir();
    const rows = Array.from({ length: 20 }, (_, i) => `${250 + 3 * i + (i % 4)},${i % 10}`);
    writeFileSync(join(dir, 'd.csv'), ['Reaction,Days', ...rows].join('\n') + '\n');
    const r = runFit(['--data', 'd.csv', '--formula', 'Reaction ~ I(Days*1e200):I(Days*1e200)', ...SHORT, '--summary', 's.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^fit: error: Predictor 'I\(Days \* 1e\+200\)' has values too large to fit; rescale/);
    expect(r.stderr).not.toMatch(/buildModel|linear combination|not finite/);
  });
});
