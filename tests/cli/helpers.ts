import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = resolve(__dirname, '../..');
/** The bundled copy (in the repo, so a clean clone has it), else the shared data folder. */
export const SLEEPSTUDY = [resolve(ROOT, 'public/examples/sleepstudy.csv'), resolve(ROOT, '../shared/data/sleepstudy.csv')]
  .find((p) => existsSync(p))!;

/** 24 rows: y, x (0-4), Trt (0/1), g (4 levels); for tiny CLI runs. */
export const TINY_CSV = ['y,x,Trt,g', ...Array.from({ length: 24 }, (_, i) =>
  `${(1 + 0.5 * (i % 5) + 0.8 * (i % 2) + 0.3 * Math.sin(i)).toFixed(3)},${i % 5},${i % 2},G${i % 4}`)].join('\n') + '\n';

let built = false;
/** Bundles the CLI once per test file (esbuild, well under a second). */
export function buildCli(): void {
  if (built) return;
  const r = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`CLI build failed: ${r.stderr}`);
  built = true;
}

const madeDirs: string[] = [];
/** Every freshDir is removed when the test file ends. */
afterAll(() => {
  for (const d of madeDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mls-cli-'));
  madeDirs.push(d);
  return d;
}

export function runFit(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist-cli/fit.mjs'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, files: readdirSync(cwd).sort() };
}

/** Minimal RFC 4180 line split (quoted fields with commas and doubled quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out;
}
