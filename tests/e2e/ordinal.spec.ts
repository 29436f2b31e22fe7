// An ordinal (Likert) response end to end: upload a CSV whose answers are text, order the levels
// in the data view, pick the cumulative family, run, read the thresholds in the summary and the
// posterior predictive bars. The CSV is the simulated Likert example without its integer column
// (tests/fixtures/csv/likert_text.csv, from tests/fixtures/ordinal/simulate_likert.R).
import { expect, test, type Page } from '@playwright/test';
import { openApp, screenshotPath, uploadFixture, datasetLine } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const ORDER = ['strongly disagree', 'disagree', 'neutral', 'agree', 'strongly agree'];

test('Likert answers as text: order the levels, fit cumulative, thresholds and PPC bars', async ({ page }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await uploadFixture(page, 'likert_text.csv');
  await expect(datasetLine(page)).toContainText('480 rows × 3 columns');

  // the data view: order the levels of answer (R's sort order to the agreement order)
  await page.getByRole('tab', { name: /Columns/ }).click();
  await page.getByRole('button', { name: 'Order the levels of answer' }).click();
  const dialog = page.getByRole('dialog', { name: 'Order of the levels of answer' });
  const list = dialog.getByRole('list', { name: 'Levels of answer, lowest first' });
  await expect(list.getByRole('listitem')).toHaveText(['1agree↑↓', '2disagree↑↓', '3neutral↑↓', '4strongly agree↑↓', '5strongly disagree↑↓']);
  for (let i = 0; i < 4; i++) await dialog.getByRole('button', { name: 'Move strongly disagree up' }).click();
  for (let i = 0; i < 2; i++) await dialog.getByRole('button', { name: 'Move agree down' }).click();
  await expect(list.locator('.level-order-label')).toHaveText(ORDER);
  await page.screenshot({ path: screenshotPath('ordinal-level-order.png') });
  await dialog.getByRole('button', { name: 'Use this order' }).click();
  await expect(dialog).toHaveCount(0);
  const row = page.locator('tr[data-column="answer"]');
  await expect(row).toContainText('ordered');
  await expect(row.locator('.level').first()).toContainText('strongly disagree');

  // the model: cumulative, thresholds in the priors table, equations with P(y <= k)
  await formulaBox(page).fill('answer ~ x + (1 | id)');
  await page.getByLabel('Family').selectOption('cumulative');
  await expect(region(page, 'Model equations')).toContainText('answer');
  await page.getByText(/^Priors \(/).click();
  await expect(page.getByLabel('Prior for Intercept', { exact: true })).toHaveValue('student_t(3, 0, 2.5)');
  await page.getByLabel('Chains').fill('2');
  await page.getByLabel('Warmup', { exact: true }).fill('300');
  await page.getByLabel('Iterations', { exact: true }).fill('300');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 150_000 });

  const summary = region(page, 'Summary');
  await expect(summary).toContainText('Population-level effects', { timeout: 30_000 });
  for (let k = 1; k <= 4; k++) await expect(summary.locator(`tr[data-param="b_Intercept[${k}]"]`)).toContainText(`Intercept[${k}]`);
  await expect(summary.locator('tr[data-param="b_Intercept[5]"]')).toHaveCount(0);
  await expect(summary).toContainText('Family-specific parameters');
  await expect(summary.locator('tr[data-param="disc"]')).toBeVisible();
  await summary.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('ordinal-summary.png') });

  // posterior predictive check: bars for the five categories
  const charts = region(page, 'Charts');
  await charts.getByRole('tab', { name: 'Predictive check' }).click();
  await expect(charts.locator('[role="img"]').first()).toBeVisible({ timeout: 30_000 });
  await expect(charts).toContainText('count of each value');
  // the bars are labelled with the category names
  await expect(charts.locator('svg .tick text').filter({ hasText: 'strongly disagree' })).toHaveCount(1);
  await charts.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('ordinal-ppc.png') });
});

test('the bundled likert example opens with its answers ordered and the cumulative family', async ({ page }) => {
  await openApp(page);
  await page.getByLabel('Example').selectOption('likert');
  await expect(formulaBox(page)).toHaveValue('answer ~ x + (1 | id)', { timeout: 30_000 });
  await expect(page.getByLabel('Family')).toHaveValue('cumulative');
  await page.getByRole('tab', { name: /Columns/ }).click();
  const row = page.locator('tr[data-column="answer"]');
  await expect(row).toContainText('ordered');
  await page.getByRole('button', { name: 'Order the levels of answer' }).click();
  await expect(page.getByRole('dialog').locator('.level-order-label')).toHaveText(ORDER);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // focus is back on the button that opened the dialog
  await expect(page.getByRole('button', { name: 'Order the levels of answer' })).toBeFocused();
  await expect(region(page, 'Model equations')).toContainText('\\Pr');
});
