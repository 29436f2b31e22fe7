// Reading the model (issue 21): brms's hypothesis() on a sleepstudy fit.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });

const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function runShort(page: Page) {
  await page.getByLabel(/^Chains/).fill('2');
  await page.getByLabel('Warmup', { exact: true }).fill('400');
  await page.getByLabel('Iterations', { exact: true }).fill('400');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 150_000 });
}

test.describe('interpret', () => {
  test('hypotheses on sleepstudy: Days > 5, a point hypothesis, a bad expression shows the caret', async ({ page }) => {
    await openApp(page);
    await runShort(page);
    const view = region(page, 'Hypotheses');
    await expect(view).toBeVisible({ timeout: 30_000 });
    const box = view.getByRole('textbox', { name: 'Hypotheses, one per line' });
    // main-thread long tasks while the hypotheses are computed (the worker does the per-draw work)
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__long.push(e.duration); }).observe({ type: 'longtask' });
    });
    await box.fill('Days > 5\nIntercept - 25 * Days = 0\nsd_Subject__Days < 5');
    const table = view.getByRole('table', { name: 'Hypothesis tests' });
    await expect(table.locator('tbody tr')).toHaveCount(3);
    const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
    console.log(`long tasks while computing hypotheses: ${JSON.stringify(long.map((d) => Math.round(d)))}`);
    // The 50 ms target is measured and reported (the log line above, bench); the test guards only
    // against the view computing on the page (a task of seconds), not a shared machine's noise.
    expect(long.filter((d) => d > 250)).toEqual([]);
    const first = table.locator('tbody tr').first();
    await expect(first.locator('th')).toHaveText('(Days)-(5) > 0');
    const cells = await first.locator('td').allTextContents();
    // b_Days is about 10.47 (lme4 and brms): the estimate of b_Days - 5 is about 5.5, certainly above 0
    const estimate = Number(cells[0]);
    expect(estimate).toBeGreaterThan(3.5);
    expect(estimate).toBeLessThan(7.5);
    expect(Number(cells[5])).toBeGreaterThan(0.98);
    expect(cells[6]).toBe('*');
    // a point hypothesis has no evidence ratio without prior draws, as brms prints it
    const second = await table.locator('tbody tr').nth(1).locator('td').allTextContents();
    expect(second.slice(4, 6)).toEqual(['NA', 'NA']);
    await expect(view.getByRole('img').first()).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(download.suggestedFilename()).toMatch(/hypotheses\.csv$/);
    expect(csv).toHaveLength(4);
    expect(Number(csv[1].split(',')[1]).toFixed(2)).toBe(estimate.toFixed(2));
    await view.scrollIntoViewIfNeeded();
    await view.screenshot({ path: screenshotPath('interpret-hypotheses.png') });

    await box.fill('Days > 5\nDayz + 1 > sigma');
    const err = view.getByRole('alert', { name: 'Hypothesis error' });
    await expect(err).toContainText('Unknown parameter `Dayz` (did you mean `Days`?)');
    await expect(err.locator('pre')).toHaveText('Dayz + 1 > sigma\n^');
    await expect(table.locator('tbody tr')).toHaveCount(1);
    await box.fill('Days >= 5');
    await expect(err.locator('pre')).toHaveText('Days >= 5\n      ^');
    await view.screenshot({ path: screenshotPath('interpret-hypotheses-error.png') });
  });
});
