// "Open in R" / "Open in Python" (issue 24): the zip of the fit shown; its CmdStan CSVs re-read in
// Node by the project's reader give the app's summary, and "Open fit" on them shows the same
// summary rows (under Stan's names, mapped by names.csv) as the fit they came from.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { openApp, screenshotPath } from './helpers';
import { readFitFiles } from '../../src/core/io/fitFiles';
import { summariseDraws } from '../../src/core/diagnostics/summary';

const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function summaryRows(page: Page): Promise<string[][]> {
  return region(page, 'Summary').locator('tr[data-param]').evaluateAll((trs) => trs.map((tr) => [
    tr.getAttribute('data-param') ?? '', ...[...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
  ]));
}

async function downloadBytes(page: Page, button: string): Promise<{ name: string; bytes: Uint8Array }> {
  const [d] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), region(page, 'Exports').getByRole('button', { name: button, exact: true }).click()]);
  return { name: d.suggestedFilename(), bytes: new Uint8Array(readFileSync((await d.path())!)) };
}

function csvRows(text: string): string[][] {
  return text.trim().split('\n').map((l) => {
    const out: string[] = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < l.length; i++) {
      const ch = l[i];
      if (q) { if (ch === '"' && l[i + 1] === '"') { cur += '"'; i++; } else if (ch === '"') q = false; else cur += ch; }
      else if (ch === '"') q = true; else if (ch === ',') { out.push(cur); cur = ''; } else cur += ch;
    }
    out.push(cur);
    return out;
  });
}

test('Open in R: the zip of the shown fit; its CmdStan CSVs give the same summary, in Node and in Open fit', async ({ page }) => {
  await openApp(page);
  await page.getByLabel(/^Chains/).fill('4');
  await page.getByLabel('Warmup', { exact: true }).fill('300');
  await page.getByLabel('Iterations', { exact: true }).fill('300');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 150_000 });
  await expect(region(page, 'Summary')).toContainText('Population-level effects', { timeout: 30_000 });
  await page.waitForTimeout(500);
  const before = await summaryRows(page);
  const summaryCsv = csvRows(strFromU8((await downloadBytes(page, 'Summary CSV')).bytes));
  const col = (h: string) => summaryCsv[0].indexOf(h);

  const zip = await downloadBytes(page, 'Open in R');
  expect(zip.name).toMatch(/^sleepstudy-fit\d+-R\.zip$/);
  await expect(region(page, 'Exports')).toContainText('Open in R: downloaded');
  const files = unzipSync(zip.bytes);
  const text = (f: string) => strFromU8(files[`sleepstudy-R/${f}`]);
  expect(Object.keys(files).sort()).toEqual(['README.txt', 'chain_1.csv', 'chain_2.csv', 'chain_3.csv', 'chain_4.csv', 'data.csv', 'load_fit.R', 'model.stan', 'names.csv', 'standata.json'].map((f) => `sleepstudy-R/${f}`));
  expect(text('data.csv').trim().split('\n')).toHaveLength(181);
  expect(text('model.stan')).toContain('array[N] int<lower=1> J_1;');
  expect(text('load_fit.R')).toContain('empty = TRUE');
  const names = csvRows(text('names.csv'));
  expect(names[0]).toEqual(['stan_name', 'csv_column', 'brms_name', 'description']);
  const toStan = new Map(names.slice(1).filter((r) => r[2] !== '').map((r) => [r[2], r[0]]));
  expect(toStan.get('b_Days')).toBe('b[1]');
  expect(toStan.get('r_Subject[308,Intercept]')).toBe('r_1_1[1]');
  expect(toStan.get('cor_Subject__Intercept__Days')).toBe('cor_1[1]');
  expect(names.find((r) => r[0] === 'z_1[2,18]')![2]).toBe('');

  // the project's CmdStan reader on the zip's CSVs: the app's summary, to full precision
  const chains = [1, 2, 3, 4].map((c) => ({ name: `chain_${c}.csv`, chunks: [text(`chain_${c}.csv`)] }));
  const fit = readFitFiles(chains);
  const rows = summariseDraws({ names: fit.names, chains: fit.chains.map((c) => c.draws), nIterations: fit.chains.map((c) => c.nIterations) });
  for (const r of summaryCsv.slice(1)) {
    const stan = rows.find((x) => x.name === toStan.get(r[0]))!;
    expect(stan, r[0]).toBeDefined();
    for (const [k, v] of [['mean', stan.mean], ['sd', stan.sd], ['rhat', stan.rhat], ['ess_bulk', stan.ess_bulk]] as const) {
      expect(Math.abs(Number(r[col(k)]) - v!), `${r[0]} ${k}`).toBeLessThan(1e-8 * Math.max(1, Math.abs(v!)));
    }
  }

  // Open in Python: the same CSVs, coords and dims, load_fit.py
  await page.getByLabel('Stan syntax').selectOption('old');
  const py = unzipSync((await downloadBytes(page, 'Open in Python')).bytes);
  const pyText = (f: string) => strFromU8(py[Object.keys(py).find((k) => k.endsWith(`/${f}`))!]);
  expect(pyText('load_fit.py')).toContain('az.from_cmdstan(');
  expect(JSON.parse(pyText('arviz_coords.json')).dims.r_1_1).toEqual(['Subject']);
  expect(pyText('model.stan')).toContain('int<lower=1> J_1[N];');
  expect(pyText('chain_2.csv')).toBe(text('chain_2.csv').replace('stan_version_minor = 33', 'stan_version_minor = 21'));

  await region(page, 'Exports').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('export-r-panel.png') });

  // Open fit on the CmdStan CSVs: the same summary rows as the fit they came from
  await page.getByLabel('Open fit', { exact: true }).setInputFiles(chains.map((c) => ({ name: c.name, mimeType: 'text/csv', buffer: Buffer.from(c.chunks[0]) })));
  await expect(runStatus(page)).toContainText('Opened from 4 files');
  await expect(region(page, 'Opened fit')).toContainText('4 chains × 300 post-warmup draws');
  // without a model the viewer folds what it cannot place (z_, L_, r_1, ...): open every fold
  await expect(region(page, 'Summary')).toContainText('Other quantities', { timeout: 30_000 });
  const folds = region(page, 'Summary').locator('details:not([open]) > summary');
  while (await folds.count() > 0) await folds.first().click();
  await expect.poll(async () => (await summaryRows(page)).length, { timeout: 30_000 }).toBeGreaterThan(before.length);
  const after = new Map((await summaryRows(page)).map((r) => [r[0], r.slice(1)]));
  for (const r of before) expect(after.get(toStan.get(r[0])!), r[0]).toEqual(r.slice(1));
  await region(page, 'Summary').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('export-r-reopened.png') });
});
