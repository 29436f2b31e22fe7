// Issue 22 items 7 and 13: before Run, the page says when a run needs more memory than a tab is
// likely to get, and refuses Run above the limit (the same estimate as the CLI's).
import { expect, test } from '@playwright/test';
import { openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 900 } });

test('a run too big for the tab is refused before Run; a large one is warned about', async ({ page }) => {
  await openApp(page);
  const run = page.getByRole('button', { name: 'Run', exact: true });
  const bar = page.getByRole('region', { name: 'Run', exact: true });
  await expect(run).toBeEnabled({ timeout: 30_000 });
  await page.getByLabel(/^Chains/).fill('16');
  await page.getByLabel('Iterations', { exact: true }).fill('1000000');
  await expect(bar).toContainText(/This run needs about 17 GB in this tab \(16 chains x 1,001,000 iterations x 42 parameters\); the limit here is [\d.]+ GB\. Use at most [\d,]+ iterations/);
  await expect(run).toBeDisabled();
  await bar.screenshot({ path: screenshotPath('memory-refused.png') });

  await page.getByLabel(/^Chains/).fill('4');
  await page.getByLabel('Iterations', { exact: true }).fill('300000');
  await expect(bar).toContainText(/This run needs about 1\.3 GB in this tab; a browser may close the page when memory runs short/);
  await expect(run).toBeEnabled();

  await page.getByLabel('Iterations', { exact: true }).fill('1000');
  await expect(bar).not.toContainText('This run needs about');
  await expect(run).toBeEnabled();
});
