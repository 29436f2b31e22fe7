import { expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const fixturePath = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));
export const screenshotPath = (name: string) => fileURLToPath(new URL(`./screenshots/${name}`, import.meta.url));

/** The "file name · rows × columns" line above the data views. */
export const datasetLine = (page: Page) => page.getByLabel('Dataset');

/** Opens the app and waits until the default example (sleepstudy) is shown. */
export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(datasetLine(page)).toContainText('sleepstudy.csv');
  await expect(datasetLine(page)).toContainText('180 rows × 3 columns');
}

export async function uploadFixture(page: Page, name: string): Promise<void> {
  await page.getByLabel('Upload data').setInputFiles(fixturePath(name));
}

/** Column headers of the preview, in order (name only). */
export async function previewColumnNames(page: Page): Promise<string[]> {
  return page.getByRole('table', { name: 'Data preview' }).locator('.head-name').allTextContents();
}

/** Text of the cells of one preview row (1-based data row), without the row number. */
export async function previewRow(page: Page, row: number): Promise<string[]> {
  const r = page.getByRole('table', { name: 'Data preview' }).locator(`[role="row"][aria-rowindex="${row + 1}"]`);
  return r.getByRole('cell').allTextContents();
}

/** Drops a file built inside the page onto the window, as a drag-and-drop from the desktop does. */
export async function dropFile(page: Page, name: string, options: { text?: string; sizeBytes?: number }): Promise<void> {
  await page.evaluate(({ name, text, sizeBytes }) => {
    const body = text !== undefined ? [text] : [new Uint8Array(sizeBytes ?? 0)];
    const file = new File(body, name, { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(file);
    for (const type of ['dragenter', 'dragover', 'drop']) {
      window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, { name, text: options.text, sizeBytes: options.sizeBytes });
}

/** A short run (2 chains, `warmup` + `iter`) of the model on the page, waiting for Done. */
export async function runShort(page: Page, warmup = 300, iter = 300): Promise<void> {
  await page.getByLabel(/^Chains/).fill('2');
  await page.getByLabel('Warmup', { exact: true }).fill(String(warmup));
  await page.getByLabel('Iterations', { exact: true }).fill(String(iter));
  await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 240_000 });
}

/** A view's "Download CSV": file name, header and rows (cells split on commas: the views write no quoted commas). */
export async function csvOf(page: Page, view: Locator): Promise<{ name: string; header: string[]; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), view.getByRole('button', { name: 'Download CSV' }).click()]);
  const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
  return { name: download.suggestedFilename(), header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}
