// Issue 22 items 1-3: output files that are the input or each other, special files and pipes,
// unwritable folders, and signals while sampling or writing. Every run is tiny (1 chain, 20 + 20).
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import {
  createReadStream, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { buildCli, freshDir, ROOT, runFit, TINY_CSV } from './helpers';

const TINY = ['--formula', 'y ~ x', '--chains', '1', '--warmup', '20', '--iter', '20'];

beforeAll(() => buildCli());

function dataDir(): string {
  const dir = freshDir();
  writeFileSync(join(dir, 'data.csv'), TINY_CSV);
  return dir;
}

/** One line on stderr, starting `fit: error:` (nothing sampled: no progress line). */
function expectOneErrorLine(stderr: string, message: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^fit: error: /);
  expect(lines[0]).toMatch(message);
}

describe('outputs that are the input or another output are refused before sampling (item 1)', () => {
  it('--draws naming the --data file: exit 2, the data file untouched', () => {
    const dir = dataDir();
    const r = runFit(['--data', 'data.csv', ...TINY, '--draws', 'data.csv'], dir);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr, /--draws 'data\.csv' is the --data file/);
    expect(readFileSync(join(dir, 'data.csv'), 'utf8')).toBe(TINY_CSV);
    expect(r.files).toEqual(['data.csv']);
  });

  it('--summary same.out --draws ./same.out: exit 2 before sampling', () => {
    const dir = dataDir();
    const r = runFit(['--data', 'data.csv', ...TINY, '--summary', 'same.out', '--draws', './same.out'], dir);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr, /--summary 'same\.out' and --draws '\.\/same\.out' are the same file/);
    expect(r.files).toEqual(['data.csv']);
  });

  it('a symlink to the data, a hard link to the data, and a folder path with ".." are all the data file', () => {
    const dir = dataDir();
    symlinkSync('data.csv', join(dir, 'link.csv'));
    linkSync(join(dir, 'data.csv'), join(dir, 'hard.csv'));
    mkdirSync(join(dir, 'sub'));
    for (const out of ['link.csv', 'hard.csv', 'sub/../data.csv']) {
      const r = runFit(['--data', 'data.csv', ...TINY, '--summary', out], dir);
      expect(r.code, out).toBe(2);
      expectOneErrorLine(r.stderr, /is the --data file/);
    }
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'data.csv'), 'utf8')).toBe(TINY_CSV);
  });

  it('a symlink to the other output (not yet written) is the same file', () => {
    const dir = dataDir();
    symlinkSync('d.csv', join(dir, 'alias.csv'));
    const r = runFit(['--data', 'data.csv', ...TINY, '--summary', 'alias.csv', '--draws', 'd.csv'], dir);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr, /are the same file/);
  });
});

describe('special files and pipes are written directly; folders are checked before sampling (item 2)', () => {
  it('a FIFO and a symlink to a FIFO stay what they are and receive the output', async () => {
    const dir = dataDir();
    spawnSync('mkfifo', [join(dir, 'out.fifo')]);
    symlinkSync('out.fifo', join(dir, 'link.fifo'));
    let got = '';
    const reader = new Promise<void>((resolve, reject) => {
      createReadStream(join(dir, 'out.fifo'), 'utf8').on('data', (d) => { got += d; }).on('end', resolve).on('error', reject);
    });
    const r = await runFitAsync(['--data', 'data.csv', ...TINY, '--summary', 'link.fifo', '--quiet'], dir);
    await reader;
    expect(r.code).toBe(0);
    expect(JSON.parse(got).formula).toBe('y ~ x');
    expect(lstatSync(join(dir, 'out.fifo')).isFIFO()).toBe(true);
    expect(lstatSync(join(dir, 'link.fifo')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['data.csv', 'link.fifo', 'out.fifo']);
  });

  it('a device node stays a device node; its write error (ENOSPC) is one line, exit 1', () => {
    const dir = dataDir();
    if (spawnSync('mknod', [join(dir, 'full'), 'c', '1', '7']).status !== 0) return; // not permitted here
    const r = runFit(['--data', 'data.csv', ...TINY, '--summary', 'full', '--quiet'], dir);
    expect(r.code).toBe(1);
    expectOneErrorLine(r.stderr, /could not write --summary 'full': no space left on the device/);
    expect(statSync(join(dir, 'full')).isCharacterDevice()).toBe(true);
    expect(r.files).toEqual(['data.csv', 'full']);
  });

  it('--summary /dev/stdout writes the JSON to standard output', () => {
    if (!existsSync('/dev/stdout')) return;
    const dir = dataDir();
    const r = runFit(['--data', 'data.csv', ...TINY, '--summary', '/dev/stdout', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    const json = r.stdout.slice(0, r.stdout.indexOf('\n}') + 2);
    expect(JSON.parse(json).family).toBe('gaussian');
    expect(r.stdout).toContain('Population-Level Effects');
  });

  it('a folder that cannot be written is refused before sampling, exit 2', () => {
    const dir = dataDir();
    let folder: string;
    if (process.getuid?.() === 0) {
      // root writes into a mode-555 folder, but not into sysfs
      if (!existsSync('/sys/kernel')) return;
      folder = '/sys';
    } else {
      folder = join(dir, 'ro');
      mkdirSync(folder, { mode: 0o555 });
    }
    const out = join(folder, 'mls-cli-test.json');
    const r = runFit(['--data', 'data.csv', ...TINY, '--summary', out], dir);
    expect(r.code).toBe(2);
    expectOneErrorLine(r.stderr, /--summary '.*mls-cli-test\.json': cannot create files in the folder '.*' \(permission denied\)/);
    expect(existsSync(out)).toBe(false);
  });
});

function runFitAsync(args: string[], cwd: string, onStderr?: (all: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [join(ROOT, 'dist-cli/fit.mjs'), ...args], { cwd });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; onStderr?.(stderr, child); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string; pid: number }>((resolve) => {
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr, stdout, pid: child.pid! }); });
  });
}

describe('signals and temporary files (item 3)', () => {
  const LONG = ['--data', 'data.csv', '--formula', 'y ~ x + (1 | g)', '--chains', '1', '--warmup', '200000', '--iter', '200000'];

  it('SIGTERM while sampling: exit 143, a one-line message, no files', async () => {
    const dir = dataDir();
    let sent = false;
    const r = await runFitAsync([...LONG, '--summary', 's.json', '--draws', 'd.csv'], dir, (all, child) => {
      if (!sent && /it\/s/.test(all)) { sent = true; child.kill('SIGTERM'); }
    });
    expect(r.code).toBe(143);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe('fit: error: interrupted (SIGTERM): chains stopped, no output files written');
    expect(readdirSync(dir)).toEqual(['data.csv']);
  });

  it('SIGINT while the outputs are written: temporary files removed, exit 130, a one-line message', async () => {
    const dir = dataDir();
    // The draws go to a FIFO nobody reads yet, so writing waits there after the summary's
    // temporary file is complete; Ctrl-C arrives then.
    spawnSync('mkfifo', [join(dir, 'd.fifo')]);
    const child = spawn(process.execPath, [join(ROOT, 'dist-cli/fit.mjs'), '--data', 'data.csv', ...TINY, '--quiet',
      '--summary', 's.json', '--draws', 'd.fifo'], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    const tmp = `s.json.tmp-${child.pid}`;
    const deadline = Date.now() + 30_000;
    while (!readdirSync(dir).includes(tmp) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(readdirSync(dir)).toContain(tmp);
    await new Promise((res) => setTimeout(res, 200));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code).toBe(130);
    expect(stderr.trimEnd().split('\n')).toEqual(['fit: error: interrupted (SIGINT) while writing the outputs: temporary files removed, no output file replaced']);
    expect(readdirSync(dir).sort()).toEqual(['d.fifo', 'data.csv']);
  });

  it('stale NAME.tmp-PID files of dead processes next to a target are removed; live ones and others kept', () => {
    const dir = dataDir();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    writeFileSync(join(dir, `d.csv.tmp-${deadPid}`), 'partial');
    writeFileSync(join(dir, `d.csv.tmp-${process.pid}`), 'someone writing');
    writeFileSync(join(dir, `other.csv.tmp-${deadPid}`), 'not ours');
    writeFileSync(join(dir, `d.csv.tmp-${deadPid}x`), 'not a pid');
    const r = runFit(['--data', 'data.csv', ...TINY, '--draws', 'd.csv', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(r.files).toEqual(['d.csv', `d.csv.tmp-${deadPid}x`, `d.csv.tmp-${process.pid}`, 'data.csv', `other.csv.tmp-${deadPid}`].sort());
  });
});
