// The formula box with hostile input (issue 22): a pathological formula never wedges the model
// check, column chips quote names with spaces, prior errors wrap inside the priors table.
import { expect, test, type Page } from '@playwright/test';
import { dropFile, openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });
const checking = (page: Page) => page.getByText('Checking the model…');

test.describe('formula box', () => {
  test('a pathological formula, then a good one: the good one is checked', async ({ page }) => {
    await openApp(page);
    await formulaBox(page).fill('Reaction ~ (Days)^1000000000 + (1 | Subject)');
    await page.waitForTimeout(1500);
    await formulaBox(page).fill(`Reaction ~ ${Array.from({ length: 20 }, () => 'Days').join('*')} + (1 | Subject)`);
    await page.waitForTimeout(800);
    await formulaBox(page).fill('Reaction ~ Days + (1 | Subject)');
    await page.getByText(/^Priors \(/).click();
    await expect(page.getByLabel('Prior for sd Subject', { exact: true })).toBeVisible({ timeout: 15_000 });
    await expect(page.getByLabel('Prior for sd Days Subject', { exact: true })).toHaveCount(0);
    await expect(checking(page)).toHaveCount(0);
    await expect(page.getByRole('alert', { name: 'Formula error' })).toHaveCount(0);
  });

  test('hostile names get clear errors: a built-in, an emoji, a deep nesting', async ({ page }) => {
    await openApp(page);
    const err = page.getByRole('alert', { name: 'Formula error' });
    await formulaBox(page).fill('Reaction ~ hasOwnProperty(Days)');
    await expect(err).toContainText("Unknown function 'hasOwnProperty()'");
    await formulaBox(page).fill('Reaction ~ Days + \u{1F600}');
    await expect(err).toContainText("Unexpected character '\u{1F600}'");
    await expect(err.locator('pre')).toHaveText('Reaction ~ Days + \u{1F600}\n                  ^');
    await formulaBox(page).fill(`Reaction ~ ${'('.repeat(6000)}Days${')'.repeat(6000)}`);
    await expect(err).toContainText('nested more than 100 levels deep');
    await formulaBox(page).fill('Reaction ~ Days');
    await expect(err).toHaveCount(0);
  });

  test('a column chip inserts a name with spaces in backticks; brms names it without them', async ({ page }) => {
    await openApp(page);
    const rows = Array.from({ length: 12 }, (_, i) => `${50 + 3 * i + (i % 3)},${i % 5 + 1},${i % 2 ? 'a' : 'b'}`);
    await dropFile(page, 'study.csv', { text: ['score,hours studied,group', ...rows].join('\n') });
    await expect(page.getByLabel('Dataset')).toContainText('study.csv');
    await formulaBox(page).fill('score ~ ');
    await page.getByRole('group', { name: 'Variables' }).getByRole('button', { name: /^hours studied/ }).click();
    await expect(formulaBox(page)).toHaveValue('score ~ `hours studied`');
    await page.getByText(/^Priors \(/).click();
    await expect(page.getByLabel('Prior for b hoursstudied', { exact: true })).toBeVisible();
    await expect(page.getByRole('alert', { name: 'Formula error' })).toHaveCount(0);
  });

  test('a prior error wraps inside the priors table', async ({ page }) => {
    await openApp(page);
    await page.getByText(/^Priors \(/).click();
    await page.getByLabel('Prior for sigma', { exact: true }).fill('normal(0, 1e309)');
    const alert = page.getByRole('alert').filter({ hasText: 'is out of range' });
    await expect(alert).toBeVisible();
    const fits = await alert.evaluate((el) => {
      const box = el.getBoundingClientRect();
      const table = el.closest('table')!.getBoundingClientRect();
      return el.scrollWidth <= el.clientWidth + 1 && box.right <= table.right + 1;
    });
    await page.getByRole('table', { name: 'Priors' }).screenshot({ path: screenshotPath('formula-prior-error.png') });
    expect(fits).toBe(true);
  });
});
