// Sessions and runs as a user keeps them: the page asks before a reload or close would lose a
// running fit (issue 22 item 4), and tampered session files get a message naming the field while
// the current session stays (items 6, 11, 20).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { openApp, screenshotPath } from './helpers';
import { gzip, tamper } from '../app/sessionTamper';

test.use({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });

const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });

async function setSettings(page: Page, s: { chains: number; warmup: number; iter: number }) {
  await page.getByLabel(/^Chains/).fill(String(s.chains));
  await page.getByLabel('Warmup', { exact: true }).fill(String(s.warmup));
  await page.getByLabel('Iterations', { exact: true }).fill(String(s.iter));
}

test('the page asks before unloading while chains run, and not when idle or stopped', async ({ page }) => {
  await openApp(page);
  const dialogs: string[] = [];
  page.on('dialog', (d) => { dialogs.push(d.type()); void d.dismiss(); });
  // Idle (after a user gesture, which Chromium needs before it would ever prompt): reload goes through.
  await page.getByLabel(/^Chains/).click();
  await page.reload();
  await openApp(page);
  expect(dialogs).toEqual([]);

  await setSettings(page, { chains: 2, warmup: 200000, iter: 1000 });
  await expect(runButton(page)).toBeEnabled();
  await runButton(page).click();
  await expect(runStatus(page)).toContainText(/Sampling|Starting/);
  // Closing (as a reload or closing the tab does) asks first; "stay" keeps the run going.
  await page.close({ runBeforeUnload: true });
  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  expect(page.isClosed()).toBe(false);
  await expect(runStatus(page)).toContainText(/Sampling|Starting/);
  await page.screenshot({ path: screenshotPath('session-unload-prompt.png') });

  await page.getByRole('button', { name: 'Stop', exact: true }).click();
  await expect(runStatus(page)).toContainText('Stopped');
  const closed = new Promise<void>((resolve) => page.once('close', () => resolve()));
  await page.close({ runBeforeUnload: true });
  await closed;
  expect(dialogs).toEqual(['beforeunload']);
});

test('tampered session files get a message naming the field; the current session is kept', async ({ page }) => {
  await openApp(page);
  await setSettings(page, { chains: 2, warmup: 100, iter: 50 });
  await expect(runButton(page)).toBeEnabled();
  await runButton(page).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 60_000 });
  const formula = await page.getByRole('textbox', { name: 'Formula' }).inputValue();

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save session' }).click()]);
  const saved = new Uint8Array(gunzipSync(readFileSync((await download.path())!)));
  const open = (bytes: Uint8Array, name: string) => page.getByLabel('Open session').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
  const alert = page.getByRole('region', { name: 'Exports' }).getByRole('alert');

  const cases: [string, (h: any) => void, RegExp][] = [
    // Format 3 (every fit): the fields of fit 1 are under fits[0].
    ['chains.mlstudio', (h) => { h.fits[0].settings.chains = 1000000; }, /fits\[0\]\.settings\.chains must be a whole number from 1 to 16 \(the file has 1000000\)/],
    ['formula.mlstudio', (h) => { h.fits[0].model.formula = 123; }, /fits\[0\]\.model\.formula must be text/],
    ['chunk.mlstudio', (h) => { h.chunk = 0; }, /chunk must be a whole number/],
    ['lists.mlstudio', (h) => { h.fits[0].run.chains = {}; }, /fits\[0\]\.run\.chains must be a list/],
  ];
  for (const [name, edit, message] of cases) {
    await open(gzip(tamper(saved, edit)), name);
    await expect(alert).toContainText(message);
    await expect(alert).not.toContainText(/Cannot read|is not a function|Invalid typed array|DrawStore/);
    // The page and the current session are intact.
    await expect(runStatus(page)).toContainText('Done');
    await expect(page.getByRole('textbox', { name: 'Formula' })).toHaveValue(formula);
  }
  await page.screenshot({ path: screenshotPath('session-tampered-message.png') });

  // Saved while running (status "running" in the file): opens as stopped, draws kept, Stop disabled.
  await open(gzip(tamper(saved, (h: any) => { h.fits[0].run.status = 'running'; })), 'running.mlstudio');
  await expect(runStatus(page)).toContainText('Stopped: 2 chains x 50 draws');
  await expect(page.getByRole('button', { name: 'Stop', exact: true })).toBeDisabled();
  await expect(runButton(page)).toBeEnabled();
});
