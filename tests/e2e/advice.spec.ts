// Issue 22 item 19 in the app: a constant response blocks Run with the reason; separation and no
// warmup are announced before the run and named in the Sampler checks after it, in the app's words.
import { expect, test, type Page } from '@playwright/test';
import { datasetLine, dropFile, openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });
const xs = Array.from({ length: 30 }, (_, i) => ((i * 37) % 30) / 10 - 1.45);

async function load(page: Page, name: string, rows: string[], formula: string, family: string) {
  await dropFile(page, name, { text: rows.join('\n') + '\n' });
  await expect(datasetLine(page)).toContainText(name);
  await formulaBox(page).fill(formula);
  await page.getByLabel('Family').selectOption(family);
}

test.describe('advice that names the cause', () => {
  test('a constant response blocks Run with the reason', async ({ page }) => {
    await openApp(page);
    await load(page, 'constant.csv', ['y,x', ...xs.map((x) => `5,${x}`)], 'y ~ x', 'gaussian');
    await expect(page.getByText(/The response y is 5 in all 30 rows/)).toBeVisible();
    await expect(runButton(page)).toBeDisabled();
  });

  test('separation and no warmup: said before the run and named after it, without --options', async ({ page }) => {
    await openApp(page);
    await load(page, 'separated.csv', ['y,x', ...xs.map((x) => `${x > 0 ? 1 : 0},${x}`)], 'y ~ x', 'bernoulli');
    await page.getByLabel(/^Chains/).fill('2');
    await page.getByLabel('Warmup', { exact: true }).fill('0');
    await page.getByLabel('Iterations', { exact: true }).fill('50');
    const before = page.getByRole('list', { name: 'Checks before sampling' });
    await expect(before).toContainText('No warmup (warmup = 0)');
    await expect(before).toContainText('Set Warmup to 1000 in the sampler settings');
    await expect(before).toContainText('Separation in the data: x separates the outcomes');
    await expect(before).toContainText('set the prior for b x to normal(0, 2.5) in the priors table');
    await runButton(page).click();
    await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 60_000 });
    const checks = region(page, 'Sampler warnings');
    await expect(checks).toContainText('No warmup');
    await expect(checks).toContainText('Separation in the data');
    await expect(checks).not.toContainText('--');
    await expect(checks).not.toContainText('parameterisation');
    await checks.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('advice-separation.png') });
  });
});
