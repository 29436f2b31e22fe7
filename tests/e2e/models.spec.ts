// The session's fits (issue 20): every run is a fit in the model list, the results shown belong
// to one fit and say so (brms-style header, a stale marker when the editor's model differs),
// exports describe the fit shown, and fits of the same response compare by PSIS-LOO as
// loo::loo_compare prints it: checked against the CLI on the same seeds (bit-identical draws).
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApp, screenshotPath } from './helpers';
import { formatLooCompare, looCompare, psisLoo } from '../../src/core/loo';
import { fitLogLikSource } from '../../src/core/loo/fitLogLik';
import { prepareModel } from '../../src/core/model/spec';
import { readCsvText } from '../../src/core/io/csvRead';

test.use({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CSV_PATH = [resolve(ROOT, 'public/examples/sleepstudy.csv'), resolve(ROOT, '../shared/data/sleepstudy.csv')].find((p) => existsSync(p))!;
const M1 = 'Reaction ~ Days + (1 | Subject)';
const M2 = 'Reaction ~ Days + (Days | Subject)';
const SETTINGS = { chains: 2, warmup: 300, iter: 300, seed: 11 };

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });
const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function typeFormula(page: Page, formula: string) {
  await formulaBox(page).fill('');
  await formulaBox(page).pressSequentially(formula, { delay: 5 });
}

async function fit(page: Page, formula: string) {
  await typeFormula(page, formula);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 120_000 });
}

/** One CSV line into cells (no quoted commas in a draws CSV's numbers; names may be quoted). */
const cellsOf = (line: string) => line.match(/("([^"]|"")*"|[^,]+)/g)!.map((h) => h.replace(/^"|"$/g, '').replace(/""/g, '"'));

/**
 * The CLI's fit of `formula` with SETTINGS and --loo: its summary JSON (with "loo"), its pointwise
 * elpd_loo (--pointwise-loo) and its draws per chain (row-major), for the same seeds as the page.
 */
function cliFit(formula: string): { summary: { loo: { elpd_loo: number; se_elpd_loo: number } }; printed: string; pointwise: Float64Array; names: string[]; chains: Float64Array[]; n: number } {
  const dir = mkdtempSync(join(tmpdir(), 'mls-models-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'dist-cli/fit.mjs'), '--data', CSV_PATH, '--formula', formula,
    '--chains', String(SETTINGS.chains), '--warmup', String(SETTINGS.warmup), '--iter', String(SETTINGS.iter), '--seed', String(SETTINGS.seed),
    '--draws', 'd.csv', '--summary', 's.json', '--loo', '--pointwise-loo', 'p.csv', '--quiet'], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const lines = readFileSync(join(dir, 'd.csv'), 'utf8').trimEnd().split('\n');
  const header = cellsOf(lines[0]);
  const P = header.length - 10; // then the 7 sampler stats, .chain, .iteration, .draw
  const rows: number[][][] = [];
  for (const line of lines.slice(1)) {
    const cells = cellsOf(line);
    (rows[Number(cells[cells.length - 3]) - 1] ??= []).push(cells.slice(0, P).map(Number));
  }
  const pw = readFileSync(join(dir, 'p.csv'), 'utf8').trimEnd().split('\n');
  expect(pw[0]).toBe('row,elpd_loo,p_loo,pareto_k');
  const pointwise = Float64Array.from(pw.slice(1).map((l) => Number(l.split(',')[1])));
  return {
    summary: JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')), pointwise,
    // the LOO block of the printed summary, as loo prints it
    printed: /Computed from[\s\S]*?See help\('pareto-k-diagnostic'\) for details\./.exec(r.stdout)?.[0] ?? `(no LOO block in the CLI's output: ${r.stdout.slice(-300)})`,
    names: header.slice(0, P), chains: rows.map((c) => Float64Array.from(c.flat())), n: rows[0].length,
  };
}

/** loo_compare's elpd_diff and se_diff of `worse` against `best` from pointwise values (loo's elpd_diffs). */
function diffOf(best: Float64Array, worse: Float64Array): { elpdDiff: number; seDiff: number } {
  const d = worse.map((x, i) => x - best[i]);
  const sum = d.reduce((a, b) => a + b, 0);
  const mean = sum / d.length;
  const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
  return { elpdDiff: sum, seDiff: Math.sqrt(d.length) * sd };
}

test.beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
});

test('two sleepstudy fits: model list, header, stale marker, export of the fit shown, loo_compare as the CLI', async ({ page }) => {
  await openApp(page);
  await page.getByLabel(/^Chains/).fill(String(SETTINGS.chains));
  await page.getByLabel('Warmup', { exact: true }).fill(String(SETTINGS.warmup));
  await page.getByLabel('Iterations', { exact: true }).fill(String(SETTINGS.iter));
  await page.getByLabel('Seed').fill(String(SETTINGS.seed));

  await fit(page, M1);
  const header = region(page, 'Fit');
  await expect(header).toContainText(`Formula:${M1}`);
  await expect(header).toContainText('Family:gaussian');
  await expect(header).toContainText('Links:mu = identity; sigma = identity');
  await expect(header).toContainText('Data:sleepstudy (Number of observations: 180)');
  await expect(header).toContainText('Draws:2 chains, each with iter = 600; warmup = 300; thin = 1; total post-warmup draws = 600');
  await expect(header.getByRole('status', { name: 'Stale results' })).toHaveCount(0);

  // Edit the formula after the run: the results are marked as another model's, and the brms
  // call exported is the fit's, not the editor's.
  await typeFormula(page, M2);
  await expect(header.getByRole('status', { name: 'Stale results' })).toContainText('These results belong to a different model: the formula in the editor differs');
  await page.screenshot({ path: screenshotPath('models-stale.png') });
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'brms call', exact: true }).click()]);
  const brms = readFileSync((await download.path())!, 'utf8');
  expect(brms).toContain(M1);
  expect(brms).not.toContain('(Days | Subject)');

  await fit(page, M2);
  await expect(header).toContainText(`Formula:${M2}`);
  await expect(header.getByRole('status', { name: 'Stale results' })).toHaveCount(0);

  // Both fits are in the list; LOO is computed for each.
  const models = region(page, 'Models');
  await expect(models.getByRole('row')).toHaveCount(3);
  await expect(models.getByRole('row').nth(1)).toContainText(M1);
  await expect(models.getByRole('row').nth(2)).toContainText(M2);
  await expect(models.getByRole('row').nth(1).getByRole('textbox')).toHaveValue('model 1');
  await expect(models.getByRole('row').nth(2).getByRole('textbox')).toHaveValue('model 2');
  for (const i of [1, 2]) await expect(models.getByRole('row').nth(i).locator('td').nth(4)).toHaveText(/^-\d+\.\d \(\d+\.\d\)$/, { timeout: 60_000 });
  await expect(region(page, 'LOO')).toContainText('Computed from 600 by 180 log-likelihood matrix');

  // Switch the fit shown: the header follows.
  await models.getByRole('button', { name: 'Show model 1' }).click();
  await expect(header).toContainText(`Formula:${M1}`);
  await expect(header.getByRole('status', { name: 'Stale results' })).toContainText('formula');
  await models.getByRole('button', { name: 'Show model 2' }).click();
  await expect(header).toContainText(`Formula:${M2}`);

  // The comparison: loo_compare's table, compared with the same computation on the CLI's draws.
  await models.getByRole('checkbox', { name: 'Compare model 1' }).check();
  await models.getByRole('checkbox', { name: 'Compare model 2' }).check();
  const table = region(page, 'Model comparison').getByLabel('loo_compare');
  await expect(table).toBeVisible();
  const shown = (await table.textContent())!;
  // The CLI's --loo for the same seeds (its draws are the page's, bit for bit): order and
  // elpd_diff / se_diff from its pointwise values, elpd_loo from its summary JSON.
  const cli = [M1, M2].map(cliFit);
  const [best, worse] = cli[1].summary.loo.elpd_loo > cli[0].summary.loo.elpd_loo ? [1, 0] : [0, 1];
  const d = diffOf(cli[best].pointwise, cli[worse].pointwise);
  const lines = shown.split('\n');
  expect(lines[1]).toMatch(new RegExp(`^model ${best + 1} +0\\.0 +0\\.0 *$`));
  const [, name, elpdDiff, seDiff] = /^(model \d) +(-?\d+\.\d) +(\d+\.\d) *$/.exec(lines[2])!;
  expect(name).toBe(`model ${worse + 1}`);
  expect(Number(elpdDiff)).toBe(Math.round(d.elpdDiff * 10) / 10);
  expect(Number(seDiff)).toBe(Math.round(d.seDiff * 10) / 10);
  expect(best).toBe(1); // the random slope model is the better one
  for (const j of [0, 1]) {
    const cell = await models.getByRole('row').nth(j + 1).locator('td').nth(4).textContent();
    const { elpd_loo, se_elpd_loo } = cli[j].summary.loo;
    expect(cell).toBe(`${elpd_loo.toFixed(1)} (${se_elpd_loo.toFixed(1)})`);
  }
  // The LOO card of the shown fit (model 2) prints what the CLI prints.
  expect(await region(page, 'LOO').getByLabel('loo', { exact: true }).textContent()).toBe(cli[1].printed);
  // The same table computed in Node from the CLI's draws (core/loo, the page's code) is identical.
  const data = readCsvText(readFileSync(CSV_PATH, 'utf8'), 'sleepstudy.csv');
  const inNode = cli.map((c, j) => {
    const loo = psisLoo(fitLogLikSource(prepareModel({ formula: [M1, M2][j], family: 'gaussian' }, data.table!).structure, c.names, c.chains, c.n));
    expect(Math.abs(loo.elpdLoo.estimate - c.summary.loo.elpd_loo)).toBeLessThan(1e-9);
    return { name: `model ${j + 1}`, loo };
  });
  expect(shown).toBe(formatLooCompare(looCompare(inNode)));
  await expect(region(page, 'Model comparison').getByLabel('Population-level estimates')).toContainText('Days');
  await region(page, 'Model comparison').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('models-compare.png') });
  console.log('loo_compare in the page:\n' + shown);

  // Rename: the comparison uses the new name. Duplicate into editor: the editor takes the fit's
  // model and the marker goes. Delete: the list and the comparison follow.
  const name2 = models.getByRole('textbox', { name: 'Name of model 2' });
  await name2.fill('random slope');
  await name2.press('Enter');
  await expect(table).toContainText('random slope');
  await models.getByRole('button', { name: 'Show model 1' }).click();
  await expect(header.getByRole('status', { name: 'Stale results' })).toBeVisible();
  await models.getByRole('button', { name: 'Duplicate model 1 into editor' }).click();
  await expect(formulaBox(page)).toHaveValue(M1);
  await expect(header.getByRole('status', { name: 'Stale results' })).toHaveCount(0);
  await region(page, 'LOO').scrollIntoViewIfNeeded();
  await expect(region(page, 'LOO').getByLabel('Bayes R2')).toContainText('Bayes R2');
  await page.screenshot({ path: screenshotPath('models-loo.png') });
  await models.getByRole('button', { name: 'Delete model 1' }).click();
  await expect(models.getByRole('row')).toHaveCount(2);
  await expect(header).toContainText(`Formula:${M2}`);
  await expect(region(page, 'Model comparison')).toHaveCount(0);
});

test('Stop: the header says the draws kept and LOO uses them; another example marks the results; an opened fit joins the list', async ({ page }) => {
  await openApp(page);
  await page.getByLabel(/^Chains/).fill('2');
  await page.getByLabel('Warmup', { exact: true }).fill('200');
  await page.getByLabel('Iterations', { exact: true }).fill('20000');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const header = region(page, 'Fit');
  await expect(header).toContainText('(running)');
  await expect(page.getByLabel('Chain progress')).toContainText('sampling', { timeout: 60_000 });
  await page.waitForTimeout(300);
  await page.getByRole('button', { name: 'Stop' }).click();
  await expect(runStatus(page)).toContainText(/Stopped: 2 chains x [\d,]+ draws/);
  const [, kept] = /Stopped: 2 chains x ([\d,]+) draws/.exec((await runStatus(page).textContent())!)!;
  const n = Number(kept.replace(/,/g, ''));
  await expect(header).toContainText(`Draws:stopped: 2 chains x ${kept} draws; warmup = 200; total post-warmup draws = ${(2 * n).toLocaleString('en-US')}`);
  const models = region(page, 'Models');
  await expect(models.getByRole('row').nth(1)).toContainText('stopped');
  await expect(region(page, 'LOO')).toContainText(`Computed from ${2 * n} by 180 log-likelihood matrix`, { timeout: 60_000 });

  // Another example while this fit is shown: the header keeps the fit's data, the marker says so.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export draws', exact: true }).click()]);
  await page.getByLabel('Example').selectOption('cbpp');
  await expect(header).toContainText('Data:sleepstudy (Number of observations: 180)');
  await expect(header.getByRole('status', { name: 'Stale results' })).toContainText(/formula, family and data in the editor differ|formula and data in the editor differ/);

  // An opened fit: in the list, no LOO, no comparison (and the list says why).
  await page.getByLabel('Open fit').setInputFiles({ name: 'stopped-draws.csv', mimeType: 'text/csv', buffer: readFileSync((await download.path())!) });
  await expect(models.getByRole('row')).toHaveCount(3);
  await expect(models.getByRole('row').nth(2)).toContainText('(opened: 1 file)');
  await expect(models.getByRole('row').nth(2).locator('td').nth(4)).toHaveText('no model');
  await expect(models).toContainText('Fits opened from files hold draws only: no model, so no LOO, comparison or model views for them.');
  await expect(models.getByRole('checkbox', { name: 'Compare stopped-draws' })).toBeDisabled();
  await expect(header).toContainText('Data:stopped-draws.csv (no model: the files hold draws only)');
  await models.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('models-stopped-opened.png') });
});

test('radon: PSIS-LOO of 4,000 draws x 919 rows runs in the worker; the page stays free', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('radon');
  await expect(formulaBox(page)).toHaveValue('log_radon ~ floor + (1 + floor | county)');
  await page.getByLabel('Warmup', { exact: true }).fill('500');
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 150_000 });
  // Long tasks on the main thread from the end of the run until the LOO card has its numbers.
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask' });
  });
  const loo = region(page, 'LOO');
  await expect(loo).toContainText('Computed from 4000 by 919 log-likelihood matrix', { timeout: 60_000 });
  const seconds = Number(/in ([\d.]+) s, in a worker/.exec((await loo.getByLabel('LOO time').textContent())!)![1]);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  console.log(`radon LOO: ${seconds} s in the worker; main-thread long tasks meanwhile: [${long.join(', ')}] ms`);
  expect(seconds).toBeGreaterThan(0);
  await loo.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('models-radon-loo.png') });
});
