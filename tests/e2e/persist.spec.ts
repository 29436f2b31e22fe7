// Nothing is lost on reload (issue 20): every finished or stopped fit is kept in IndexedDB and is
// back in the model list with its summary after a reload; "Save session" writes every fit to one
// streamed file that a fresh page opens; a fit larger than the storage budget (set small here
// with the URL parameter storageBudget, src/app/persist/budget.ts) gets a message saying so.
import { expect, test, type Page } from '@playwright/test';
import { datasetLine, screenshotPath } from './helpers';

test.use({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });

const M1 = 'Reaction ~ Days + (1 | Subject)';
const M2 = 'Reaction ~ Days + (Days | Subject)';

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });
const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const savedNote = (page: Page) => page.getByRole('status', { name: 'Saved fits' });

async function open(page: Page, query = '') {
  await page.goto(`/${query}`);
  await expect(datasetLine(page)).toContainText('sleepstudy.csv');
}

async function fit(page: Page, formula: string) {
  await page.getByLabel(/^Chains/).fill('2');
  await page.getByLabel('Warmup', { exact: true }).fill('200');
  await page.getByLabel('Iterations', { exact: true }).fill('200');
  await formulaBox(page).fill(formula);
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 120_000 });
}

/** The names of the fits in the page's IndexedDB (src/app/persist/fitStorage.ts), read directly. */
const storedNames = (page: Page) => page.evaluate(() => new Promise<string[]>((resolve, reject) => {
  const r = indexedDB.open('multilevel-studio');
  r.onerror = () => reject(r.error);
  r.onsuccess = () => {
    const all = r.result.transaction('fits').objectStore('fits').getAll();
    all.onsuccess = () => { resolve((all.result as { meta: { name: string } }[]).map((f) => f.meta.name)); r.result.close(); };
  };
}));

/** The Summary table's cells, row by row (the numbers shown for the fit). */
async function summaryCells(page: Page): Promise<string[]> {
  const table = region(page, 'Summary');
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  return table.getByRole('row').allInnerTexts();
}

test('a fit is still in the model list after a reload, with the same summary', async ({ page }) => {
  await open(page);
  await fit(page, M1);
  const before = await summaryCells(page);
  expect(before.join('\n')).toMatch(/b_Intercept|Intercept/);
  await expect(savedNote(page)).toContainText(/Kept in this browser for your next visit: 1 fit/);

  await page.reload();
  await expect(datasetLine(page)).toBeVisible();
  const models = region(page, 'Models');
  await expect(models.getByRole('row')).toHaveCount(2);
  await expect(models).toContainText(M1);
  await expect(models.getByRole('textbox', { name: /^Name of / })).toHaveValue('model 1');
  await expect(models).toContainText(/done, \d+\.\d s/);
  expect(await summaryCells(page)).toEqual(before);
  await page.screenshot({ path: screenshotPath('persist-after-reload.png') });

  // A rename is kept (its name only: the draws are not written again).
  const name = models.getByRole('textbox', { name: /^Name of / });
  await name.fill('random intercept');
  await name.press('Enter');
  await expect.poll(() => storedNames(page)).toEqual(['random intercept']);

  // Every chain's state was kept: Sample more continues the reloaded fit, which is kept again.
  const keptBefore = await savedNote(page).innerText();
  await page.getByLabel('Draws to add').fill('50');
  await page.getByRole('button', { name: 'Sample more' }).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 60_000 });
  await expect(region(page, 'Summary')).toContainText('250 post-warmup draws', { timeout: 30_000 });
  // kept again: more bytes
  await expect(savedNote(page)).not.toHaveText(keptBefore);
  await page.reload();
  await expect(region(page, 'Summary')).toContainText('250 post-warmup draws', { timeout: 30_000 });
  await expect(savedNote(page)).toContainText(/Kept in this browser for your next visit: 1 fit/);
  const models2 = region(page, 'Models');

  await expect(models2.getByRole('textbox', { name: /^Name of / })).toHaveValue('random intercept');
  // Deleted from the list: deleted from storage, gone after the next reload.
  await models2.getByRole('button', { name: 'Delete random intercept' }).click();
  await expect.poll(() => storedNames(page)).toEqual([]);
  await expect(savedNote(page)).toContainText(/no fits/);
  await page.reload();
  await expect(datasetLine(page)).toBeVisible();
  await expect(runStatus(page)).toContainText('Not run yet');
  await expect(region(page, 'Models')).toHaveCount(0);
});

test('Save session writes every fit; a fresh page opens them all with their summaries', async ({ page, browser }) => {
  await open(page);
  await fit(page, M1);
  const first = await summaryCells(page);
  await fit(page, M2);
  const second = await summaryCells(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save session', exact: true }).click()]);
  const file = (await download.path())!;

  // A fresh context: nothing in its storage.
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const fresh = await context.newPage();
  await open(fresh);
  await expect(region(fresh, 'Models')).toHaveCount(0);
  await fresh.getByLabel('Open session').setInputFiles(file);
  const models = region(fresh, 'Models');
  await expect(models.getByRole('row')).toHaveCount(3);
  await expect(models).toContainText(M1);
  await expect(models).toContainText(M2);
  expect(await summaryCells(fresh)).toEqual(second);
  await models.getByRole('button', { name: 'Show model 1' }).click();
  expect(await summaryCells(fresh)).toEqual(first);
  await fresh.screenshot({ path: screenshotPath('persist-session-opened.png') });
  await context.close();
});

test('a fit larger than the storage budget is not kept, with a message saying so', async ({ page }) => {
  await open(page, '?storageBudget=20000');
  await fit(page, M1);
  const note = savedNote(page);
  await expect(note).toContainText(/The fit "model 1" was not kept in this browser for your next visit: it takes \d+(\.\d)? (KB|MB) and the space for saved fits is 20 KB/);
  await expect(note).toContainText(/save a session file/);
  await page.screenshot({ path: screenshotPath('persist-over-budget.png') });
  await page.reload();
  await expect(datasetLine(page)).toBeVisible();
  await expect(runStatus(page)).toContainText('Not run yet');
  await expect(region(page, 'Models')).toHaveCount(0);
});
