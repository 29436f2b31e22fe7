import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });

async function setSettings(page: Page, s: { chains?: number; warmup?: number; iter?: number }) {
  if (s.chains) await page.getByLabel('Chains').fill(String(s.chains));
  if (s.warmup !== undefined) await page.getByLabel('Warmup').fill(String(s.warmup));
  if (s.iter) await page.getByLabel('Iterations', { exact: true }).fill(String(s.iter));
}

test('sleepstudy: smoke', async ({ page }) => {
  await openApp(page);
  await expect(formulaBox(page)).toHaveValue('Reaction ~ Days + (Days | Subject)');
  await expect(page.getByRole('region', { name: 'Model equations' })).toContainText('Reaction');
  await setSettings(page, { warmup: 500, iter: 500 });
  await page.screenshot({ path: screenshotPath('workspace-model.png'), fullPage: false });
  await page.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('region', { name: 'Convergence' })).toContainText('parameters pass', { timeout: 60_000 });
  await page.screenshot({ path: screenshotPath('workspace-live.png') });
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 120_000 });
  await expect(page.getByRole('region', { name: 'Summary' })).toContainText('Population-level effects');
  await page.getByRole('region', { name: 'Summary' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('workspace-summary.png') });
});
