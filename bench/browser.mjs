// The browser half of `npm run bench` (issue 23): drives the built app (dist/) in Debian's Chromium
// with Playwright and, per bundled example, times Run -> summary in the page against the CLI's
// process for the same model, settings and seed, the two measured interleaved in one run. While the
// chains run it types one key a second into the formula box (a space, then Backspace, so the model
// is unchanged) and records how long each keystroke took to handle, and it counts the main thread's
// long tasks (PerformanceObserver 'longtask') from Run to summary.
//
// Usage: node bench/browser.mjs [--only sleepstudy,radon] [--skip insteval] [--port 4309]
//   [--chains 4] [--warmup 1000] [--iter 1000] [--seed 1] [--no-build] [--no-keys] [--out NAME]
//   [--profile]: also records a CPU profile of the page's main thread (Chrome DevTools Protocol)
//   and prints, for each busy stretch over 50 ms, the functions it spent its time in.
//   [--app-root DIR]: serve DIR/dist instead (e.g. a build with --minify false, for readable
//   profiles); implies --no-build.
// Never downloads a browser: /usr/bin/chromium, or $CHROMIUM_PATH.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_EXAMPLES = ['sleepstudy', 'radon', 'vote_income', 'math_3level', 'insteval'];
// Same flags as playwright.config.ts.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const o = { only: null, skip: new Set(), port: 4309, chains: 4, warmup: 1000, iter: 1000, seed: 1, build: true, keys: true, out: 'browser', profile: false, appRoot: root };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { const v = argv[++i]; if (v === undefined) throw new Error(`${a} needs a value`); return v; };
    if (a === '--only') o.only = next().split(',');
    else if (a === '--skip') o.skip = new Set(next().split(','));
    else if (a === '--no-build') o.build = false;
    else if (a === '--no-keys') o.keys = false;
    else if (a === '--profile') o.profile = true;
    else if (a === '--app-root') { o.appRoot = resolve(next()); o.build = false; }
    else if (a === '--out') o.out = next();
    else if (['--port', '--chains', '--warmup', '--iter', '--seed'].includes(a)) {
      const v = Number(next());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} must be a non-negative integer`);
      o[a.slice(2)] = v;
    } else throw new Error(`unknown option ${a} (see the header of bench/browser.mjs)`);
  }
  return o;
}

function dataPath(file) {
  const local = join(root, 'public', 'examples', file);
  return existsSync(local) ? local : resolve(root, '..', 'shared', 'data', file);
}

/** The CLI's environment without NODE_EXTRA_CA_CERTS (see CLI_ENV in src/cli/bench.ts). */
function cliEnv() {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}

function runCli(ex, o, tmp) {
  const out = join(tmp, `${ex.name}.json`);
  const args = [join(root, 'dist-cli', 'fit.mjs'), '--data', dataPath(ex.file), '--formula', ex.formula,
    '--family', ex.family, '--chains', String(o.chains), '--warmup', String(o.warmup), '--iter', String(o.iter),
    '--seed', String(o.seed), '--summary', out, '--quiet'];
  for (const f of ex.factors ?? []) args.push('--factor', f);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: cliEnv() });
  const wallS = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${ex.name}: CLI fit failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  const summary = JSON.parse(readFileSync(out, 'utf8'));
  return { wallS, divergences: summary.divergences };
}

async function startServer(port, appRoot) {
  const server = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--port', String(port)], { cwd: appRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return { server, url }; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill();
  throw new Error(`the app server did not start on port ${port} (is another one using it?)`);
}

/** Installed before Run: long tasks, event timing, Run-click and summary timestamps. */
function installProbes() {
  const w = window;
  w.__bench = { long: [], events: [], keys: [], runAt: null, summaryAt: null };
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__bench.long.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: 'longtask', buffered: false });
  try {
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (/^key|^input|^beforeinput/.test(e.name)) w.__bench.events.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart });
    }).observe({ type: 'event', durationThreshold: 16, buffered: false });
  } catch { /* no Event Timing */ }
  // Measured input -> next frame: from the keydown's timestamp to the frame after its handlers.
  document.addEventListener('keydown', (e) => {
    const t = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => w.__bench.keys.push(performance.now() - t), 0));
  }, true);
  const run = [...document.querySelectorAll('button')].find((b) => b.textContent === 'Run');
  run.addEventListener('click', () => { w.__bench.runAt = performance.now(); }, { capture: true, once: true });
  const poll = setInterval(() => {
    const status = document.querySelector('[aria-label="Run status"]')?.textContent ?? '';
    const summary = document.querySelector('section[aria-label="Summary"] td');
    if (w.__bench.runAt !== null && /^Done|^Failed/.test(status) && summary) {
      w.__bench.summaryAt = performance.now();
      w.__bench.status = status;
      w.__bench.summaryHint = document.querySelector('section[aria-label="Summary"] .ws-hint')?.textContent ?? '';
      clearInterval(poll);
    }
  }, 20);
}

async function runBrowser(page, url, ex, o) {
  await page.goto(url);
  await page.getByLabel('Example').selectOption(ex.name);
  const formulaBox = page.getByRole('textbox', { name: 'Formula' });
  for (let i = 0; (await formulaBox.inputValue()) !== ex.formula; i++) {
    if (i > 600) throw new Error(`${ex.name}: the formula box never showed the example's formula`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [label, v] of [['Chains', o.chains], ['Warmup', o.warmup], ['Iterations', o.iter], ['Seed', o.seed]]) {
    await page.getByLabel(label, { exact: true }).fill(String(v));
  }
  const runButton = page.getByRole('button', { name: 'Run', exact: true });
  await runButton.waitFor();
  await page.waitForFunction(() => { const b = [...document.querySelectorAll('button')].find((x) => x.textContent === 'Run'); return b && !b.disabled; }, null, { timeout: 120_000 });
  await page.evaluate(installProbes);
  const cdp = o.profile ? await page.context().newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 500 }); await cdp.send('Profiler.start'); }
  await runButton.click();
  const box = page.getByRole('textbox', { name: 'Formula' });
  let typed = 0;
  const deadline = Date.now() + 30 * 60_000;
  for (;;) {
    const done = await page.evaluate(() => window.__bench.summaryAt !== null);
    if (done) break;
    if (Date.now() > deadline) throw new Error(`${ex.name}: no summary after 30 minutes`);
    if (o.keys && typed < 600) {
      // End of the box, one key; the next second takes it back.
      if (typed % 2 === 0) { await box.press('End'); await box.press('Space'); } else await box.press('Backspace');
      typed++;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (typed % 2 === 1) await box.press('Backspace');
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    writeFileSync(join(tmpdir(), `mls-bench-${ex.name}.cpuprofile`), JSON.stringify(profile));
    printBusyStretches(ex.name, profile);
  }
  const b = await page.evaluate(() => window.__bench);
  if (!/^Done/.test(b.status)) throw new Error(`${ex.name}: the browser run ended '${b.status}'`);
  // The run the page did must be the CLI's: chains x post-warmup draws as set above.
  if (!b.summaryHint.includes(`${o.chains} chains × ${o.iter} post-warmup draws`)) {
    throw new Error(`${ex.name}: the page's summary says '${b.summaryHint.slice(0, 80)}', not ${o.chains} chains × ${o.iter} draws`);
  }
  const inRun = b.long.filter((t) => t.start >= b.runAt && t.start <= b.summaryAt);
  const keyEvents = b.events.filter((e) => e.start >= b.runAt && e.start <= b.summaryAt);
  return {
    wallS: (b.summaryAt - b.runAt) / 1000,
    status: b.status,
    summaryHint: b.summaryHint,
    longTasks: inRun.length,
    longTasksOver100: inRun.filter((t) => t.duration > 100).length,
    longestTaskMs: inRun.reduce((m, t) => Math.max(m, t.duration), 0),
    keystrokes: Math.ceil(typed),
    keyEventMaxMs: keyEvents.reduce((m, e) => Math.max(m, e.duration), 0),
    keyEventsOver50: keyEvents.filter((e) => e.duration > 50).length,
    keyToFrameMaxMs: b.keys.reduce((m, v) => Math.max(m, v), 0),
    keyToFrameMedianMs: median(b.keys),
  };
}

/**
 * Busy stretches of a CPU profile: runs of consecutive samples outside '(idle)' (gaps under 2 ms
 * joined), each over 50 ms printed with the functions holding most of its samples (inclusive:
 * a function counts when it is anywhere on the sampled stack).
 */
function printBusyStretches(name, profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const stretches = [];
  let cur = null;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const node = byId.get(profile.samples[i]);
    const idle = node.callFrame.functionName === '(idle)';
    if (!idle) {
      if (cur && t - cur.end < 2000) { cur.end = t; cur.samples.push(node.id); } else { cur = { start: t, end: t, samples: [node.id] }; stretches.push(cur); }
    }
  }
  const long = stretches.filter((s) => s.end - s.start > 50_000).sort((a, b) => (b.end - b.start) - (a.end - a.start));
  console.log(`    ${name}: ${long.length} busy stretches over 50 ms in the profile`);
  for (const s of long.slice(0, 8)) {
    const counts = new Map();
    for (const id of s.samples) {
      const seen = new Set();
      for (let n = id; n !== undefined; n = parent.get(n)) {
        const l = label(byId.get(n));
        if (seen.has(l) || /^\((root|program|garbage collector)\)/.test(l)) continue;
        seen.add(l); counts.set(l, (counts.get(l) ?? 0) + 1);
      }
    }
    const self = new Map();
    for (const id of s.samples) { const l = label(byId.get(id)); self.set(l, (self.get(l) ?? 0) + 1); }
    const topSelf = [...self].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([l, c]) => `${Math.round((100 * c) / s.samples.length)}% ${l}`);
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([l, c]) => `${Math.round((100 * c) / s.samples.length)}% ${l}`);
    console.log(`      ${((s.end - s.start) / 1000).toFixed(0)} ms at +${((s.start - profile.startTime) / 1e6).toFixed(2)} s: ${top.join(' | ')}\n        self: ${topSelf.join(' | ')}`);
  }
}

function median(xs) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const fmt = (v, d = 0) => (v === null || v === undefined ? '-' : Number(v).toFixed(d));

export function browserTable(rows) {
  const head = '| example | CLI wall s | browser Run->summary s | ratio | long tasks (>100 ms) | longest ms | keys | key event max ms | key->frame median / max ms |';
  const lines = [head, '|' + '---|'.repeat(9)];
  for (const r of rows) {
    lines.push(`| ${r.example} | ${fmt(r.cli_wall_s, 2)} | ${fmt(r.browser_wall_s, 2)} | ${fmt(r.ratio, 2)}x | ${r.long_tasks} (${r.long_tasks_over_100}) | ${fmt(r.longest_task_ms)} | ${r.keystrokes} | ${fmt(r.key_event_max_ms)} | ${fmt(r.key_to_frame_median_ms)} / ${fmt(r.key_to_frame_max_ms)} |`);
  }
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const catalogue = JSON.parse(readFileSync(join(root, 'public', 'examples', 'examples.json'), 'utf8')).examples;
  const names = (o.only ?? DEFAULT_EXAMPLES).filter((n) => !o.skip.has(n));
  const examples = names.map((n) => { const e = catalogue.find((x) => x.name === n); if (!e) throw new Error(`no bundled example '${n}'`); return e; });
  if (o.build) {
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  if (!existsSync(join(root, 'dist-cli', 'fit.mjs'))) throw new Error('dist-cli/fit.mjs is missing: run node scripts/build-cli.mjs');
  const uptimeBefore = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  console.log(`Browser against CLI: ${o.chains} chains x (${o.warmup} warmup + ${o.iter} draws), seed ${o.seed}; ${uptimeBefore}`);
  const { server, url } = await startServer(o.port, o.appRoot);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const tmp = mkdtempSync(join(tmpdir(), 'mls-bench-browser-'));
  const rows = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    for (const ex of examples) {
      // Interleaved: the CLI, then the browser, for each example in turn.
      const cli = runCli(ex, o, tmp);
      const page = await context.newPage();
      const br = await runBrowser(page, url, ex, o);
      await page.close();
      const row = {
        example: ex.name, formula: ex.formula, family: ex.family, cli_wall_s: cli.wallS, browser_wall_s: br.wallS,
        ratio: br.wallS / cli.wallS, long_tasks: br.longTasks, long_tasks_over_100: br.longTasksOver100,
        longest_task_ms: br.longestTaskMs, keystrokes: br.keystrokes, key_event_max_ms: br.keyEventMaxMs,
        key_events_over_50: br.keyEventsOver50, key_to_frame_median_ms: br.keyToFrameMedianMs,
        key_to_frame_max_ms: br.keyToFrameMaxMs, browser_status: br.status, browser_summary: br.summaryHint, cli_divergences: cli.divergences,
      };
      rows.push(row);
      console.log(`  ${ex.name.padEnd(12)} CLI ${cli.wallS.toFixed(2)} s  browser ${br.wallS.toFixed(2)} s  ratio ${row.ratio.toFixed(2)}x  long tasks ${br.longTasks} (longest ${br.longestTaskMs.toFixed(0)} ms)  key max ${br.keyEventMaxMs.toFixed(0)} ms event / ${br.keyToFrameMaxMs.toFixed(0)} ms to frame`);
    }
  } finally {
    await browser.close();
    server.kill();
    rmSync(tmp, { recursive: true, force: true });
  }
  const uptimeAfter = spawnSync('uptime', { encoding: 'utf8' }).stdout.trim();
  const table = browserTable(rows);
  console.log('\n' + table);
  const results = { date: new Date().toISOString(), settings: { chains: o.chains, warmup: o.warmup, iter: o.iter, seed: o.seed, keys: o.keys }, uptime_before: uptimeBefore, uptime_after: uptimeAfter, rows };
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', `${o.out}.json`), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(root, 'bench', 'results', `${o.out}.md`), [
    `# Browser against CLI (${results.date})`, '',
    `${o.chains} chains x (${o.warmup} warmup + ${o.iter} draws), seed ${o.seed}, the CLI and the browser interleaved per example.`,
    `Keystrokes: ${o.keys ? 'one a second into the formula box while the chains ran (space, then Backspace)' : 'none'}.`,
    `"key event max" is Event Timing's duration (input to next paint; entries under 16 ms are not reported); "key->frame" is keydown to the task after the next animation frame.`, '',
    `Machine load: before \`${uptimeBefore}\`; after \`${uptimeAfter}\` (2 cores, shared with other agents).`, '', table, '',
  ].join('\n'));
  console.log(`\nwrote bench/results/${o.out}.json and .md`);
}

main().catch((e) => { console.error(`bench/browser: error: ${e instanceof Error ? e.message : String(e)}`); process.exit(1); });
