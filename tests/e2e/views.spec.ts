// Reading the model (issue 21, items 3 and 4): the Pooling view (shrinkage in one and two
// dimensions) on sleepstudy and radon, and Variance by level on math_3level.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { csvOf, openApp, runShort, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });



async function watchLongTasks(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__long.push(e.duration); }).observe({ type: 'longtask' });
  });
}
const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __long: number[] }).__long.map((d) => Math.round(d)));

test.describe('views', () => {
  test('sleepstudy: pooling of the Days slope with the two-dimensional shrinkage plot', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page);
    await expect(formulaBox(page)).toHaveValue('Reaction ~ Days + (Days | Subject)');
    await runShort(page);
    const view = region(page, 'Pooling');
    await expect(view).toBeVisible({ timeout: 60_000 });
    // a view computes once its section comes near the viewport
    await expect(view.getByLabel('Pooling summary')).toHaveCount(0);
    await view.scrollIntoViewIfNeeded();
    await expect(view.getByLabel('Pooling summary')).toContainText('Complete pooling', { timeout: 60_000 });
    await watchLongTasks(page);
    await view.getByLabel('Coefficient').selectOption('Days');
    await expect(view.locator('[data-chart="shrinkage"]')).toContainText('Shrinkage of Days by Subject');
    const long = await longTasks(page);
    console.log(`long tasks while the pooling view recomputed: ${JSON.stringify(long)}`);
    // The 50 ms target is measured and reported (the log line above, bench); the test guards only
    // against the view computing on the page (a task of seconds), not a shared machine's noise.
    expect(long.filter((d) => d > 250)).toEqual([]);
    const two = view.locator('[data-chart="shrinkage-2d"]');
    await expect(two.locator('[data-arrow]')).toHaveCount(18);
    const visible = await two.locator('[data-arrow][data-visible="true"]').count();
    console.log(`2-D arrows drawn (not too short to show): ${visible} of 18`);
    expect(visible).toBeGreaterThan(12);
    await expect(two.locator('[data-ellipse="95"]')).toHaveCount(1);
    await expect(two.locator('[data-ellipse="50"]')).toHaveCount(1);
    await expect(two.getByRole('img')).toHaveAttribute('aria-label', /Intercept against Days: 18 Subject levels \(18 with a no-pooling estimate\)/);
    await expect(view.locator('[data-chart="shrinkage"] [data-arrow]')).toHaveCount(18);
    // the table: 18 subjects, none without its own fit (10 days each)
    await expect(view.getByRole('table', { name: 'Pooling estimates' }).locator('tbody tr')).toHaveCount(18);
    await expect(view.getByLabel('Groups without a no-pooling estimate')).toHaveCount(0);
    const csv = await csvOf(page, view);
    expect(csv.name).toMatch(/-pooling-Subject-Days\.csv$/);
    expect(csv.header.slice(0, 9)).toEqual(['Subject', 'n', 'coef', 'complete_pooling', 'population_mean', 'no_pooling', 'no_pooling_se', 'no_pooling_reason', 'partial_pooling']);
    expect(csv.rows).toHaveLength(18);
    // complete pooling is lm(Reaction ~ Days): 10.467 (lme4's fixed effect too)
    expect(Number(csv.rows[0][3])).toBeCloseTo(10.4673, 3);
    // partial pooling is between the extremes: the spread of the slopes shrinks
    const sd = (x: number[]) => { const m = x.reduce((a, b) => a + b, 0) / x.length; return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1)); };
    const np = csv.rows.map((r) => Number(r[5]));
    const pp = csv.rows.map((r) => Number(r[8]));
    console.log(`sd of the Days slopes: no pooling ${sd(np).toFixed(2)}, partial pooling ${sd(pp).toFixed(2)}`);
    expect(sd(pp)).toBeLessThan(sd(np));
    const table = view.getByRole('table', { name: 'Pooling estimates' });
    await table.scrollIntoViewIfNeeded();
    await table.screenshot({ path: screenshotPath('views-sleepstudy-pooling-table.png') });
    await two.scrollIntoViewIfNeeded();
    await two.screenshot({ path: screenshotPath('views-sleepstudy-shrinkage-2d.png') });
    await view.locator('[data-chart="shrinkage"]').screenshot({ path: screenshotPath('views-sleepstudy-shrinkage-days.png') });
    // PNG and SVG export of the 2-D chart
    const [svg] = await Promise.all([page.waitForEvent('download'), two.getByRole('button', { name: /as SVG$/ }).click()]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toContain('data-ellipse="95"');
    expect((svgText.match(/data-arrow=/g) ?? []).length).toBe(18);
    const [png] = await Promise.all([page.waitForEvent('download'), two.getByRole('button', { name: /as PNG$/ }).click()]);
    expect(png.suggestedFilename()).toMatch(/-pooling-Subject-2d\.png$/);
  });

  test('radon: county intercepts shrink the most where a county has the fewest houses', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page);
    const examples = JSON.parse(readFileSync(new URL('../../public/examples/examples.json', import.meta.url), 'utf8')) as { examples: { name: string; formula: string }[] };
    const radon = examples.examples.find((e) => e.name === 'radon')!;
    await page.getByLabel('Example').selectOption('radon');
    await expect(formulaBox(page)).toHaveValue(radon.formula, { timeout: 30_000 });
    await runShort(page);
    // main-thread long tasks from the end of the run until both views are drawn (the per-draw
    // work is in the worker; the charts and the table come in separate tasks)
    await watchLongTasks(page);
    const view = region(page, 'Pooling');
    await view.scrollIntoViewIfNeeded();
    await expect(view.getByLabel('Pooling summary')).toContainText('Complete pooling', { timeout: 60_000 });
    await expect(view.getByRole('table', { name: 'Pooling estimates' })).toBeVisible();
    await region(page, 'Variance by level').scrollIntoViewIfNeeded();
    await expect(region(page, 'Variance by level').locator('[data-segment]')).toHaveCount(2);
    await page.waitForTimeout(500);
    const long = await longTasks(page);
    console.log(`radon: long tasks while the views computed and drew: ${JSON.stringify(long)}`);
    // The 50 ms target is measured and reported (the log line above, bench); the test guards only
    // against the view computing on the page (a task of seconds), not a shared machine's noise.
    expect(long.filter((d) => d > 250)).toEqual([]);
    await expect(view.getByLabel('Grouping factor')).toHaveValue('county');
    await expect(view.getByLabel('Coefficient')).toHaveValue('Intercept');
    // counties with too few houses for their own intercept-and-floor fit are listed with the reason
    await expect(view.getByLabel('Groups without a no-pooling estimate')).toContainText('too few rows');
    const csv = await csvOf(page, view);
    expect(csv.rows).toHaveLength(85);
    const one = csv.rows.filter((r) => r[1] === '1');
    expect(one.length).toBeGreaterThan(0);
    for (const r of one) expect(r[5]).toBe('NA');
    const est = csv.rows.filter((r) => r[5] !== 'NA').map((r) => ({ n: Number(r[1]), shift: Math.abs(Number(r[8]) - Number(r[5])) })).sort((a, b) => a.n - b.n);
    const q = Math.floor(est.length / 4);
    const meanShift = (xs: { shift: number }[]) => xs.reduce((a, b) => a + b.shift, 0) / xs.length;
    const small = meanShift(est.slice(0, q));
    const large = meanShift(est.slice(est.length - q));
    console.log(`radon: ${est.length} estimable counties; mean |shift| of the ${q} smallest (n ${est[0].n}-${est[q - 1].n}) ${small.toFixed(3)}, of the ${q} largest (n ${est[est.length - q].n}-${est[est.length - 1].n}) ${large.toFixed(3)}`);
    expect(small).toBeGreaterThan(large);
    // a county with one house has (almost) nothing of its own: its estimate sits near the population mean
    const fromMean = (rows: string[][]) => rows.reduce((a, r) => a + Math.abs(Number(r[8]) - Number(r[4])), 0) / rows.length;
    const big = csv.rows.filter((r) => Number(r[1]) >= 20);
    console.log(`radon: mean |partial - population mean|: ${one.length} counties with 1 house ${fromMean(one).toFixed(3)}, ${big.length} with 20+ houses ${fromMean(big).toFixed(3)}`);
    expect(fromMean(one)).toBeLessThan(fromMean(big));
    const one1 = view.locator('[data-chart="shrinkage"]');
    await expect(one1.locator('[data-arrow]')).toHaveCount(est.length);
    await one1.scrollIntoViewIfNeeded();
    await one1.screenshot({ path: screenshotPath('views-radon-shrinkage.png') });
    const two = view.locator('[data-chart="shrinkage-2d"]');
    await expect(two.locator('[data-ellipse="95"]')).toHaveCount(1);
    await two.screenshot({ path: screenshotPath('views-radon-shrinkage-2d.png') });
    await view.getByLabel('Groups without a no-pooling estimate').screenshot({ path: screenshotPath('views-radon-unestimable.png') });
  });

  test('math_3level: variance at three levels, district / class / residual', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page);
    await page.getByLabel('Example').selectOption('math_3level');
    await expect(formulaBox(page)).not.toHaveValue('Reaction ~ Days + (Days | Subject)', { timeout: 30_000 });
    await formulaBox(page).fill('math ~ age_c + (1 | district_id/class_id)');
    // 600 warmup iterations: with 300 the population intercept and the nested intercepts had
    // not converged (Rhat 2.8, class sd 490) in one trial, and the shares were nonsense
    await runShort(page, 600, 300);
    const view = region(page, 'Variance by level');
    await expect(view).toBeVisible({ timeout: 60_000 });
    await view.scrollIntoViewIfNeeded();
    await expect(view.getByRole('table', { name: 'Variance shares' })).toBeVisible({ timeout: 60_000 });
    const chart = view.locator('[data-chart="variance-shares"]');
    await expect(chart.locator('[data-segment]')).toHaveCount(3);
    expect(await chart.locator('[data-segment]').evaluateAll((els) => els.map((e) => e.getAttribute('data-segment')))).toEqual(['district_id', 'district_id:class_id', 'Residual']);
    await expect(chart.locator('[data-interval]')).toHaveCount(3);
    const csv = await csvOf(page, view);
    expect(csv.header).toEqual(['level', 'kind', 'share_mean', 'share_q2.5', 'share_q97.5', 'scale']);
    expect(csv.rows.map((r) => r[0])).toEqual(['district_id', 'district_id:class_id', 'Residual']);
    const sum = csv.rows.reduce((a, r) => a + Number(r[2]), 0);
    expect(sum).toBeCloseTo(1, 9);
    for (const r of csv.rows) {
      expect(Number(r[3])).toBeLessThanOrEqual(Number(r[2]));
      expect(Number(r[4])).toBeGreaterThanOrEqual(Number(r[2]));
    }
    // the generating model (shared/data/README.md): district sd 13.6, class sd 17.0, sigma 40 -> about 0.09 / 0.15 / 0.76
    expect(Number(csv.rows[2][2])).toBeGreaterThan(0.6);
    expect(Number(csv.rows[2][2])).toBeLessThan(0.9);
    console.log(`math_3level shares: ${csv.rows.map((r) => `${r[0]} ${Number(r[2]).toFixed(3)} [${Number(r[3]).toFixed(3)}, ${Number(r[4]).toFixed(3)}]`).join('; ')}`);
    await chart.scrollIntoViewIfNeeded();
    await chart.screenshot({ path: screenshotPath('views-math3level-variance.png') });
  });

  test('vote_income (bernoulli): pooling on the log-odds scale, variance on the latent scale with the slope note', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page);
    await page.getByLabel('Example').selectOption('vote_income');
    await expect(formulaBox(page)).toHaveValue('vote ~ income + (1 + income | state)', { timeout: 30_000 });
    await runShort(page);
    const pooling = region(page, 'Pooling');
    await expect(pooling).toBeVisible({ timeout: 60_000 });
    await pooling.scrollIntoViewIfNeeded();
    await expect(pooling.getByLabel('Pooling summary')).toContainText('log-odds scale', { timeout: 60_000 });
    await expect(pooling.locator('[data-chart="shrinkage"] [role="img"]')).toHaveAttribute('aria-label', /Shrinkage plot of Intercept \(log-odds scale\)/);
    await expect(pooling.locator('[data-chart="shrinkage-2d"] svg').first()).toContainText('income (log-odds scale)');
    const variance = region(page, 'Variance by level');
    await variance.scrollIntoViewIfNeeded();
    await expect(variance.locator('[data-chart="variance-shares"]')).toContainText('latent scale (residual variance pi^2/3)', { timeout: 60_000 });
    await expect(variance.getByLabel('Variance note')).toContainText('depends on the predictor: evaluated here at its mean (income = ');
    await expect(variance.getByLabel('Variance note')).toContainText('the residual variance is pi^2/3');
    const csv = await csvOf(page, variance);
    expect(csv.rows.map((r) => [r[0], r[5]])).toEqual([['state', 'latent'], ['Residual', 'latent']]);
    await pooling.locator('[data-chart="shrinkage-2d"]').screenshot({ path: screenshotPath('views-vote-income-shrinkage-2d.png') });
    await variance.scrollIntoViewIfNeeded();
    await variance.screenshot({ path: screenshotPath('views-vote-income-variance.png') });
  });
});
