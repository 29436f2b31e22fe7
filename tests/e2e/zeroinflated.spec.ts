// Zero-inflated and hurdle count families end to end (issue 19): upload the simulated fishing
// counts (public/examples/fishing.csv, scripts/examples/fishing.R), fit zero_inflated_poisson and
// hurdle_negbinomial, and check the summary (zi / hu and shape as family-specific parameters, the
// Family and Links lines as brms prints them) and the bar PPC. Runs are small: this checks the
// page, the recovery tests check the numbers.
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { datasetLine, openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1400, height: 1000 } });

const FISHING = fileURLToPath(new URL('../../public/examples/fishing.csv', import.meta.url));
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });

async function fit(page: Page, family: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Formula' }).fill('fish ~ persons + child + camper + (1 | lake)');
  await page.getByRole('combobox', { name: /^Family/ }).selectOption(family);
  await page.getByRole('spinbutton', { name: 'Chains' }).fill('2');
  await page.getByRole('spinbutton', { name: 'Warmup', exact: true }).fill('300');
  await page.getByRole('spinbutton', { name: 'Iterations', exact: true }).fill('300');
  await expect(runButton(page)).toBeEnabled({ timeout: 30_000 });
  await runButton(page).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 150_000 });
  await expect(region(page, 'Summary')).toContainText('Population-level effects', { timeout: 30_000 });
}

/** The family-specific parameters table's row names. */
const familyRows = (page: Page) => region(page, 'Summary').getByRole('table', { name: 'Family-specific parameters' }).locator('tr[data-param]');

async function checkBars(page: Page, shot: string): Promise<void> {
  const charts = region(page, 'Charts');
  await charts.getByRole('tab', { name: 'Predictive check' }).click();
  await expect(charts.locator('[data-observed-bar]').first()).toBeVisible({ timeout: 30_000 });
  expect(await charts.locator('[data-observed-bar]').count()).toBeGreaterThan(5);
  await expect(charts.getByRole('alert')).toHaveCount(0);
  await charts.screenshot({ path: screenshotPath(shot) });
}

test('zero_inflated_poisson and hurdle_negbinomial on uploaded zero-heavy counts: summary and bar PPC', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Upload data').setInputFiles(FISHING);
  await expect(datasetLine(page)).toContainText('fishing.csv');
  await expect(datasetLine(page)).toContainText('400 rows × 6 columns');

  await fit(page, 'zero_inflated_poisson');
  const summary = region(page, 'Summary');
  await expect(summary.locator('.ws-family-links')).toHaveText('Family: zero_inflated_poisson · Links: mu = log; zi = identity');
  await expect(familyRows(page)).toHaveCount(1);
  await expect(familyRows(page).first()).toHaveAttribute('data-param', 'zi');
  // the truth is zi = 0.35: the estimate is a probability well inside (0, 1)
  const zi = Number(await familyRows(page).first().locator('td').first().textContent());
  expect(zi).toBeGreaterThan(0.2);
  expect(zi).toBeLessThan(0.5);
  await summary.screenshot({ path: screenshotPath('zeroinflated-zip-summary.png') });
  await checkBars(page, 'zeroinflated-zip-ppc.png');

  await fit(page, 'hurdle_negbinomial');
  await expect(summary.locator('.ws-family-links')).toHaveText('Family: hurdle_negbinomial · Links: mu = log; shape = identity; hu = identity');
  await expect(familyRows(page)).toHaveCount(2);
  expect(await familyRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-param')))).toEqual(['shape', 'hu']);
  await summary.screenshot({ path: screenshotPath('zeroinflated-hnb-summary.png') });
  await checkBars(page, 'zeroinflated-hnb-ppc.png');
});
