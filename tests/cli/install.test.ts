// Issue 22 item 30: install and start on the Node we run (Debian 12's Node 20): every locked
// package accepts the oldest Node that package.json's engines admits; katex still renders and its
// CLI still runs; a busy port gives one line saying what to do, and PORT chooses the port.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import katex from 'katex';
import { ROOT } from './helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

type Version = [number, number, number];
const parse = (v: string): Version => {
  const [a = 0, b = 0, c = 0] = v.replace(/^v/, '').split('.').map((x) => Number.parseInt(x, 10));
  return [a, b, c];
};
const cmp = (a: Version, b: Version): number => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** The engines ranges that occur in the lock: `>=X`, `^X[.Y[.Z]]`, joined by `||`. */
function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((part) => {
    const p = part.trim().replace(/\s+/g, '');
    if (p === '*' || p === '') return true;
    if (p.startsWith('>=')) return cmp(v, parse(p.slice(2))) >= 0;
    if (p.startsWith('^')) {
      const lo = parse(p.slice(1));
      return v[0] === lo[0] && cmp(v, lo) >= 0;
    }
    throw new Error(`unhandled engines range '${range}'`);
  });
}

describe('engines', () => {
  it('package.json states the supported Node, and this Node satisfies it', () => {
    expect(pkg.engines?.node).toMatch(/^\^20\.19\.0 \|\| >=22\.12\.0$/);
    expect(satisfies(process.version, pkg.engines.node)).toBe(true);
  });

  it('every locked package accepts Node 20.19.0, the oldest Node that engines admits', () => {
    const refusing: string[] = [];
    for (const [name, entry] of Object.entries<{ version?: string; engines?: { node?: string } | string[] }>(lock.packages)) {
      const node = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      if (node && !satisfies('20.19.0', node)) refusing.push(`${name}@${entry.version} wants node ${node}`);
    }
    expect(refusing).toEqual([]);
  });

  it('katex renders, and its command line (the only user of commander) runs', () => {
    expect(katex.renderToString('\\beta_0 + u_{0j}')).toContain('katex');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/katex/cli.js')], { input: 'x^2', encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('class="katex"');
  });
});

function freePort(): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      resolve({ port: (srv.address() as AddressInfo).port, close: () => srv.close() });
    });
  });
}

function serve(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(ROOT, 'scripts/serve.mjs')], { cwd: ROOT, env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('npm start (scripts/serve.mjs)', () => {
  it('a busy port: one line naming the port and the next one to try, exit 1, no stack trace', async () => {
    const busy = await freePort(); // held open: the port is in use
    const s = serve({ PORT: String(busy.port) });
    const timer = setTimeout(() => s.child.kill('SIGKILL'), 15_000);
    const code = await s.exited;
    clearTimeout(timer);
    busy.close();
    expect(code).toBe(1);
    expect(s.err()).toBe(`port ${busy.port} is in use; start with PORT=${busy.port + 1} npm start\n`);
  });

  it('PORT chooses the port', async () => {
    const free = await freePort();
    free.close();
    await new Promise((r) => setTimeout(r, 50));
    const s = serve({ PORT: String(free.port) });
    const deadline = Date.now() + 15_000;
    while (!s.out().includes('running at') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    s.child.kill('SIGTERM');
    await s.exited;
    expect(s.out()).toContain(`http://127.0.0.1:${free.port}/`);
  });

  it('a PORT that is not a port number: one line, exit 1', async () => {
    const s = serve({ PORT: 'abc' });
    const code = await s.exited;
    expect(code).toBe(1);
    expect(s.err()).toBe("PORT must be a port number from 1 to 65535 (got 'abc')\n");
  });
});

describe('README', () => {
  it('states the supported Node and documents PORT', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(readme).toMatch(/Node\.js 20\.19 or later within 20\.x, or 22\.12 and later/);
    expect(readme).toMatch(/PORT=4174 npm start/);
  });
});
