// "Open fit": a draws CSV exported from the app reopens with the same summary; real CmdStan
// output (tests/fixtures/cmdstan, two chains) opens with its parameters and its divergence.
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { openApp, screenshotPath } from './helpers';

const cmdstanFixture = (name: string) => fileURLToPath(new URL(`../fixtures/cmdstan/${name}`, import.meta.url));
const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const openFitInput = (page: Page) => page.getByLabel('Open fit', { exact: true });

/** Every summary row in view: parameter name and the cells as printed. */
async function summaryRows(page: Page): Promise<string[][]> {
  return region(page, 'Summary').locator('tr[data-param]').evaluateAll((trs) => trs.map((tr) => [
    tr.getAttribute('data-param') ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
  ]));
}

test.describe('Open fit', () => {
  test('sleepstudy: export the draws, open them, same summary rows and R-hat', async ({ page }) => {
    await openApp(page);
    await page.getByLabel(/^Chains/).fill('4');
    await page.getByLabel('Warmup', { exact: true }).fill('400');
    await page.getByLabel('Iterations', { exact: true }).fill('400');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(runStatus(page)).toContainText('Done', { timeout: 150_000 });
    await expect(region(page, 'Summary')).toContainText('Population-level effects', { timeout: 30_000 });
    await page.waitForTimeout(500);
    const before = await summaryRows(page);
    expect(before.map((r) => r[0])).toEqual(expect.arrayContaining(['b_Intercept', 'b_Days', 'sd_Subject__Intercept', 'sigma']));
    const divergencesBefore = await region(page, 'Convergence').getByLabel('Divergences').textContent();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export draws', exact: true }).click()]);
    const path = await download.path();
    await openFitInput(page).setInputFiles({ name: download.suggestedFilename(), mimeType: 'text/csv', buffer: (await import('node:fs')).readFileSync(path!) });

    await expect(runStatus(page)).toContainText('Opened from 1 file');
    const note = region(page, 'Opened fit');
    await expect(note).toContainText('From a draws CSV: sleepstudy-draws.csv');
    await expect(note).toContainText('4 chains × 400 post-warmup draws');
    await expect(note).toContainText('no model, so no predictive check');
    await expect.poll(() => summaryRows(page), { timeout: 30_000 }).toEqual(before);
    await expect(region(page, 'Convergence').getByLabel('Divergences')).toHaveText(divergencesBefore ?? '');
    await expect(region(page, 'Summary')).not.toContainText('observations');
    // The file does not say how long warmup was: no "No warmup" warning.
    await expect(page.getByRole('region', { name: 'Sampler warnings' })).not.toContainText('No warmup');

    // Model-dependent views say why they are missing.
    const exportsPanel = region(page, 'Exports');
    await expect(exportsPanel.getByRole('button', { name: 'brms call' })).toBeDisabled();
    await expect(exportsPanel.getByRole('button', { name: 'Save session' })).toBeDisabled();
    await expect(exportsPanel).toContainText('no model, so no summary JSON (it describes the model), Stan program, Stan data, brms call or session file');
    await expect(exportsPanel.getByRole('button', { name: 'Summary JSON' })).toBeDisabled();
    await expect(exportsPanel.getByRole('button', { name: 'Summary CSV' })).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Sample more' })).toBeDisabled();
    await expect(page.getByRole('region', { name: 'Intraclass correlation' })).toHaveCount(0);
    const charts = region(page, 'Charts');
    await charts.getByRole('tab', { name: 'Predictive check' }).click();
    await expect(charts.getByRole('alert')).toHaveText('This fit was opened from a draws CSV: no model, so no predictive check.');
    await charts.getByRole('tab', { name: 'Group effects' }).click();
    await expect(charts.getByRole('img').first()).toBeVisible();
    await note.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('viewer-draws-csv.png'), fullPage: false });
  });

  test('CmdStan CSVs written by CmdStan: two chains, parameters, divergence, warmup', async ({ page }) => {
    await openApp(page);
    await openFitInput(page).setInputFiles([cmdstanFixture('model1-2-warmup.csv'), cmdstanFixture('model1-1-warmup.csv')]);
    await expect(runStatus(page)).toContainText('Opened from 2 files');
    const note = region(page, 'Opened fit');
    await expect(note).toContainText('From CmdStan CSV files: model1-1-warmup.csv, model1-2-warmup.csv');
    await expect(note).toContainText('model model1 · Stan 2.21.0 · 2 chains × 100 post-warmup draws · 100 warmup draws saved · step size 0.712907, 0.672434 · metric diag_e');
    await expect(region(page, 'Convergence').getByLabel('Divergences')).toHaveText('1 divergent transition · 1 at max treedepth');
    await expect(page.getByRole('region', { name: 'Sampler warnings' })).toContainText('1 divergent transition after warmup');
    await expect(page.getByRole('region', { name: 'Sampler warnings' })).not.toContainText('No warmup');
    const rows = await summaryRows(page);
    expect(rows.map((r) => r[0])).toEqual(['sigma', 'mu']);
    await expect(region(page, 'Trace plots').getByRole('img', { name: 'Trace plot of mu: 2 chains, 200 iterations drawn, warmup iterations 1 to 100 shaded' })).toBeVisible();
    await region(page, 'Trace plots').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('viewer-cmdstan-traces.png') });
    const charts = region(page, 'Charts');
    await charts.getByRole('tab', { name: 'Pairs' }).click();
    await expect(charts).toContainText('1 divergent transition (red)');
    await charts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('viewer-cmdstan-pairs.png') });
    await charts.getByRole('tab', { name: 'Predictive check' }).click();
    await expect(charts.getByRole('alert')).toHaveText('This fit was opened from CmdStan CSV files: no model, so no predictive check.');
  });

  test('a malformed file gets a message naming the file and line; the fit shown stays', async ({ page }) => {
    await openApp(page);
    await openFitInput(page).setInputFiles(cmdstanFixture('model1-1-warmup.csv'));
    await expect(runStatus(page)).toContainText('Opened from 1 file');
    await openFitInput(page).setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('mu,sigma\n1,2\n') });
    await expect(region(page, 'Exports').getByRole('alert')).toContainText('Open fit: broken.csv, line 1: there is no .chain column');
    await expect(region(page, 'Opened fit')).toContainText('model1-1-warmup.csv');

    // A draws CSV as R writes it (row names, no sampler columns): opened, and the note says what is unknown.
    const rows = ['"","mu",".chain",".iteration",".draw"'];
    for (let c = 1; c <= 2; c++) for (let i = 1; i <= 50; i++) rows.push(`"${rows.length}",${Math.sin(i * c)},${c},${i},${rows.length}`);
    await openFitInput(page).setInputFiles({ name: 'r-draws.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') });
    await expect(region(page, 'Opened fit')).toContainText('2 chains × 50 post-warmup draws');
    await expect(region(page, 'Opened fit')).toContainText('The files have no lp__, accept_stat__, stepsize__, treedepth__, n_leapfrog__, divergent__, energy__ columns: divergences are not known');
    await expect(region(page, 'Summary').locator('tr[data-param="mu"]')).toBeVisible();
  });
});

// A large fit (issue 24: 4 chains x 1,000 draws x 5,000 columns, about 220 MB of CSV) opens
// without freezing the page. Slow and memory-hungry, so only with VIEWER_BIG=1; it prints the
// longest main-thread task while the files are read and the results appear.
test('large CmdStan fit (VIEWER_BIG=1)', async ({ page }) => {
  test.skip(!process.env.VIEWER_BIG, 'set VIEWER_BIG=1');
  test.setTimeout(600_000);
  const { mkdirSync, createWriteStream } = await import('node:fs');
  const dir = test.info().outputPath('big');
  mkdirSync(dir, { recursive: true });
  const P = 4993;
  const files: string[] = [];
  for (let c = 1; c <= 4; c++) {
    const path = `${dir}/big-${c}.csv`;
    files.push(path);
    const out = createWriteStream(path);
    const names = ['lp__', 'accept_stat__', 'stepsize__', 'treedepth__', 'n_leapfrog__', 'divergent__', 'energy__', ...Array.from({ length: P }, (_, p) => `theta.${p + 1}`)];
    out.write(`# model = big_model\n# method = sample (Default)\n#     num_samples = 1000\n# id = ${c}\n${names.join(',')}\n`);
    let seed = c;
    const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    for (let i = 0; i < 1000; i++) {
      const row = [(-rnd() * 100).toPrecision(8), rnd().toPrecision(8), '0.5', '3', '7', rnd() < 0.01 ? '1' : '0', (rnd() * 100).toPrecision(8)];
      for (let p = 0; p < P; p++) row.push((rnd() * 4 - 2).toPrecision(8));
      if (!out.write(row.join(',') + '\n')) await new Promise((r) => out.once('drain', r));
    }
    await new Promise((r) => out.end(r));
  }
  await openApp(page);
  await page.evaluate(() => {
    const w = window as unknown as { longest: number; tasks: string[] };
    w.longest = 0;
    w.tasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) { w.longest = Math.max(w.longest, e.duration); if (e.duration > 200) w.tasks.push(`${Math.round(e.startTime)}+${Math.round(e.duration)}`); }
    }).observe({ type: 'longtask' });
  });
  const t0 = Date.now();
  await openFitInput(page).setInputFiles(files);
  await expect(runStatus(page)).toContainText('Opened from 4 files', { timeout: 300_000 });
  const opened = Date.now() - t0;
  await expect(region(page, 'Summary')).toContainText('Other quantities (4993)', { timeout: 300_000 });
  const summarised = Date.now() - t0;
  const { longest, tasks } = await page.evaluate(() => { const w = window as unknown as { longest: number; tasks: string[] }; return { longest: w.longest, tasks: w.tasks }; });
  console.log(`large fit: opened in ${opened} ms, summary in ${summarised} ms, longest main-thread task ${Math.round(longest)} ms; tasks over 200 ms (start+duration): ${tasks.join(' ')}`);
  await page.screenshot({ path: screenshotPath('viewer-large.png') });
});
