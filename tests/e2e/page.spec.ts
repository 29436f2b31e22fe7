// The page as a new user meets it (issue 22, items 12, 13, 22-25, 27, 29): chart tabs, the PPC
// choice, button contrast, keyboard focus, narrow windows, wide and big files. Runs are tiny
// (2 chains, few draws): these tests check the page, not the sampler.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dropFile, datasetLine, openApp, screenshotPath } from './helpers';

test.use({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });

const formulaBox = (page: Page) => page.getByRole('textbox', { name: 'Formula' });
const runStatus = (page: Page) => page.getByRole('status', { name: 'Run status' });
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });
const runButton = (page: Page) => page.getByRole('button', { name: 'Run', exact: true });

async function setSettings(page: Page, s: { chains: number; warmup: number; iter: number }) {
  await page.getByLabel(/^Chains/).fill(String(s.chains));
  await page.getByLabel('Warmup', { exact: true }).fill(String(s.warmup));
  await page.getByLabel('Iterations', { exact: true }).fill(String(s.iter));
}

/** Sets formula (and family), tiny settings, runs to the end. */
async function quickRun(page: Page, formula: string, opts: { family?: string; chains?: number; warmup?: number; iter?: number } = {}) {
  await formulaBox(page).fill(formula);
  if (opts.family) await page.getByLabel('Family').selectOption(opts.family);
  await setSettings(page, { chains: opts.chains ?? 2, warmup: opts.warmup ?? 150, iter: opts.iter ?? 150 });
  await expect(runButton(page)).toBeEnabled({ timeout: 30_000 });
  await runButton(page).click();
  await expect(runStatus(page)).toContainText('Done', { timeout: 120_000 });
  await expect(region(page, 'Summary')).toContainText('Population-level effects', { timeout: 30_000 });
}

/** WCAG 2 contrast ratio of two CSS rgb()/rgba() colours (alpha ignored: our buttons are opaque). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? ['0', '0', '0']).slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

async function colours(page: Page, selector: string): Promise<{ color: string; background: string }> {
  return page.locator(selector).first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { color: s.color, background: s.backgroundColor };
  });
}

/** Pairs of tick labels on one axis whose boxes overlap (should be none). */
async function overlappingTicks(chart: ReturnType<Page['locator']>): Promise<string[]> {
  return chart.evaluate((el) => {
    const out: string[] = [];
    for (const g of el.querySelectorAll('g')) {
      const texts = [...g.children].filter((c) => c.classList.contains('tick')).map((t) => t.querySelector('text')).filter((t): t is SVGTextElement => !!t && (t.textContent ?? '') !== '');
      const boxes = texts.map((t) => t.getBoundingClientRect());
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]; const b = boxes[j];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`${texts[i].textContent}/${texts[j].textContent}`);
      }
    }
    return out;
  });
}

/** Tick-label counts of every d3 axis group inside a chart. */
async function tickCounts(page: Page, chart: ReturnType<Page['locator']>): Promise<number[]> {
  return chart.evaluate((el) => [...el.querySelectorAll('g')].filter((g) => [...g.children].some((c) => c.classList.contains('tick')))
    .map((g) => [...g.children].filter((c) => c.classList.contains('tick') && (c.textContent ?? '').trim() !== '').length));
}

test.describe('page', () => {
  test('item 22: the Densities and Rank plots tabs each show their own chart, also after picking another parameter', async ({ page }) => {
    await openApp(page);
    await quickRun(page, 'Reaction ~ Days + (1 | Subject)');
    const charts = region(page, 'Charts');
    await expect(charts.getByRole('img').first()).toHaveAttribute('aria-label', /^Rank plot of b_Intercept/);
    await charts.getByRole('tab', { name: 'Densities' }).click();
    await expect(charts.getByText('Density of b_Intercept per chain')).toBeVisible();
    await expect(charts.getByRole('img')).toHaveCount(1);
    await expect(charts.getByRole('img').first()).toHaveAttribute('aria-label', /^Density plot of b_Intercept/);
    const [svg] = await Promise.all([page.waitForEvent('download'), charts.getByRole('button', { name: 'Download Density of b_Intercept per chain as SVG' }).click()]);
    const text = readFileSync((await svg.path())!, 'utf8');
    expect(text).toContain('Density plot of b_Intercept');
    expect(text).not.toContain('Rank plot');
    await charts.getByLabel('Parameter').selectOption('b_Days');
    await expect(charts.getByRole('img').first()).toHaveAttribute('aria-label', /^Density plot of b_Days/);
    await charts.getByRole('tab', { name: 'Rank plots' }).click();
    await expect(charts.getByRole('img').first()).toHaveAttribute('aria-label', /^Rank plot of b_Days/);
    await expect(charts.getByRole('img')).toHaveCount(1);
  });

  test('item 23: a gaussian model of a whole-number response gets a density PPC, not an integer error', async ({ page }) => {
    await openApp(page);
    const lines = ['cnt,x,g'];
    for (let i = 0; i < 60; i++) lines.push(`${3 + (i % 7) + Math.floor(i / 20)},${(i % 10) / 10},g${i % 6}`);
    await dropFile(page, 'counts.csv', { text: lines.join('\n') + '\n' });
    await expect(datasetLine(page)).toContainText('60 rows × 3 columns');
    await quickRun(page, 'cnt ~ x + (1 | g)', { family: 'gaussian' });
    const charts = region(page, 'Charts');
    await charts.getByRole('tab', { name: 'Predictive check' }).click();
    await expect(charts.getByRole('img').first()).toHaveAttribute('aria-label', /density of the 60 observed values/, { timeout: 30_000 });
    await expect(charts.getByRole('alert')).toHaveCount(0);
    await expect(charts.locator('[data-y]')).toHaveCount(1);
  });

  test('item 29: the bar PPC caption says which colour is observed and which replicated, as the chart draws them', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Example').selectOption('cbpp');
    await expect(formulaBox(page)).toHaveValue(/trials\(size\)/, { timeout: 30_000 });
    await quickRun(page, 'incidence | trials(size) ~ period + (1 | herd)');
    const charts = region(page, 'Charts');
    await charts.getByRole('tab', { name: 'Predictive check' }).click();
    const bar = charts.locator('[data-observed-bar]').first();
    await expect(bar).toBeVisible({ timeout: 30_000 });
    const barFill = await bar.evaluate((el) => getComputedStyle(el).fill);
    const repStroke = await charts.locator('[data-rep-interval]').first().evaluate((el) => getComputedStyle(el).stroke);
    const lum = (c: string) => (c.match(/\d+/g) ?? []).slice(0, 3).reduce((a, v) => a + Number(v), 0);
    const observedIsLight = lum(barFill) > lum(repStroke);
    const caption = (await charts.locator('.ws-chart .ws-hint').first().textContent()) ?? '';
    // "Observed ... (light bars) ... replicated ... (dark ...)" when the bars are the lighter colour.
    const observedWord = /observed[^()]*\((\w+)/i.exec(caption)?.[1];
    expect(observedWord, `caption: ${caption}`).toBe(observedIsLight ? 'light' : 'dark');
    expect(caption).toMatch(observedIsLight ? /replicated[^()]*\(dark/i : /replicated[^()]*\(light/i);
  });

  test('item 24: the Run button keeps a readable label in every state', async ({ page }) => {
    await openApp(page);
    await expect(runButton(page)).toBeEnabled({ timeout: 30_000 });
    const sel = '.ws-runbar button.ws-primary';
    const normal = await colours(page, sel);
    expect(contrast(normal.color, normal.background), `normal ${JSON.stringify(normal)}`).toBeGreaterThanOrEqual(4.5);
    await runButton(page).hover();
    const hover = await colours(page, sel);
    expect(contrast(hover.color, hover.background), `hover ${JSON.stringify(hover)}`).toBeGreaterThanOrEqual(4.5);
    await runButton(page).focus();
    const focus = await colours(page, sel);
    expect(contrast(focus.color, focus.background), `focus ${JSON.stringify(focus)}`).toBeGreaterThanOrEqual(4.5);
    const box = (await runButton(page).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    const active = await colours(page, sel);
    await page.mouse.move(0, 0);
    await page.mouse.up();
    expect(contrast(active.color, active.background), `active ${JSON.stringify(active)}`).toBeGreaterThanOrEqual(4.5);
    // disabled: an invalid formula disables Run; its label must still be legible (WCAG asks 4.5
    // of enabled text only; 3 keeps a disabled label readable)
    await formulaBox(page).fill('Reaction ~ Days + (1 | Nope)');
    await expect(runButton(page)).toBeDisabled({ timeout: 30_000 });
    await runButton(page).hover({ force: true });
    const disabled = await colours(page, sel);
    expect(contrast(disabled.color, disabled.background), `disabled ${JSON.stringify(disabled)}`).toBeGreaterThanOrEqual(3);
    // every other button of the page, hovered: readable too
    for (const name of ['Stop', 'Sample more']) {
      const b = page.getByRole('button', { name, exact: true });
      await b.hover({ force: true });
      const c = await b.evaluate((el) => ({ color: getComputedStyle(el).color, background: getComputedStyle(el).backgroundColor }));
      expect(contrast(c.color, c.background), `${name} ${JSON.stringify(c)}`).toBeGreaterThanOrEqual(3);
    }
  });

  test('item 25: keyboard focus follows Run -> Stop -> Run, arrow keys move focus in the chart tabs, the page has one h1', async ({ page }) => {
    await openApp(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
    await formulaBox(page).fill('Reaction ~ Days + (1 | Subject)');
    await setSettings(page, { chains: 2, warmup: 300, iter: 300 });
    await expect(runButton(page)).toBeEnabled({ timeout: 30_000 });
    await runButton(page).focus();
    await page.keyboard.press('Enter');
    const stop = page.getByRole('button', { name: 'Stop', exact: true });
    await expect.poll(() => stop.evaluate((b) => b === document.activeElement), { timeout: 10_000 }).toBe(true);
    await expect(runStatus(page)).toContainText('Done', { timeout: 120_000 });
    await expect.poll(() => runButton(page).evaluate((b) => b === document.activeElement), { timeout: 10_000 }).toBe(true);
    const charts = region(page, 'Charts');
    await charts.getByRole('tab', { name: 'Rank plots' }).focus();
    await page.keyboard.press('ArrowRight');
    const densities = charts.getByRole('tab', { name: 'Densities' });
    await expect(densities).toHaveAttribute('aria-selected', 'true');
    await expect(densities).toBeFocused();
    await page.keyboard.press('End');
    await expect(charts.getByRole('tab', { name: 'Predictive check' })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(charts.getByRole('tab', { name: 'Rank plots' })).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(charts.getByRole('tab', { name: 'Predictive check' })).toBeFocused();
    await expect(charts.getByRole('tab', { name: 'Predictive check' })).toHaveAttribute('aria-selected', 'true');
  });

  test('item 27: at 800 px wide the results sit below the data and the page scrolls; the pairs plot fits in view', async ({ page }) => {
    await page.setViewportSize({ width: 800, height: 900 });
    await openApp(page);
    await quickRun(page, 'Reaction ~ Days + (Days | Subject)');
    const data = (await region(page, 'Data area').boundingBox())!;
    const model = (await region(page, 'Model area').boundingBox())!;
    expect(model.y, 'model area below the data area').toBeGreaterThanOrEqual(data.y + data.height - 1);
    const charts = region(page, 'Charts');
    await charts.getByRole('tab', { name: 'Pairs' }).click();
    const pairs = charts.getByRole('img').first();
    await expect(pairs).toHaveAttribute('aria-label', /^Pairs plot/);
    // No box between the chart and the page scrolls it: only the page does.
    const boxes = await pairs.evaluate((el) => {
      const out: string[] = [];
      for (let e = el.parentElement; e && e !== document.body && e !== document.documentElement; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight + 1) out.push(`${e.className} ${e.clientHeight}/${e.scrollHeight}`);
      }
      return out;
    });
    expect(boxes, 'vertical scroll boxes around the pairs plot').toEqual([]);
    await pairs.scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => window.scrollY);
    expect(scrolled, 'the page itself scrolls').toBeGreaterThan(0);
    const b = (await pairs.boundingBox())!;
    expect(b.height).toBeLessThanOrEqual(900);
    await page.evaluate((y) => window.scrollTo(0, y), scrolled + b.y - 10);
    const inView = (await pairs.boundingBox())!;
    expect(inView.y).toBeGreaterThanOrEqual(0);
    expect(inView.y + inView.height).toBeLessThanOrEqual(900);
    expect(inView.x + inView.width).toBeLessThanOrEqual(800);
    await page.screenshot({ path: screenshotPath('page-800-pairs.png') });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('page-800-top.png') });
    await page.setViewportSize({ width: 1400, height: 900 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshotPath('page-1400.png') });
    const data2 = (await region(page, 'Data area').boundingBox())!;
    const model2 = (await region(page, 'Model area').boundingBox())!;
    expect(model2.x, 'side by side on a wide window').toBeGreaterThanOrEqual(data2.x + data2.width - 1);
  });

  test('item 29: 95% intervals by default, one missing-values note, one ESS threshold throughout, axes with several ticks', async ({ page }) => {
    await openApp(page);
    const lines = ['Reaction,Days,Subject'];
    for (let i = 0; i < 90; i++) lines.push(`${i % 13 === 4 ? 'NA' : 250 + (i % 10) * 10 + (i % 7)},${i % 10},s${Math.floor(i / 10)}`);
    await dropFile(page, 'withna.csv', { text: lines.join('\n') + '\n' });
    await expect(datasetLine(page)).toContainText('90 rows × 3 columns');
    await formulaBox(page).fill('Reaction ~ Days + (1 | Subject)');
    await expect(page.locator('.ws-notes li')).not.toHaveCount(0, { timeout: 30_000 });
    await expect(page.locator('.ws-notes li').filter({ hasText: /missing values/ })).toHaveCount(1);
    // Record every ESS threshold the Convergence panel shows while the chains run and after.
    await page.evaluate(() => {
      const w = window as unknown as { __ess: Set<string> };
      w.__ess = new Set();
      new MutationObserver(() => {
        for (const th of document.querySelectorAll('[aria-label="Convergence"] thead th')) {
          if (/ESS/.test(th.textContent ?? '')) w.__ess.add(th.textContent ?? '');
        }
        const hint = document.querySelector('[aria-label="Convergence status"]')?.textContent ?? '';
        const m = /ESS &gt; (\d+)|ESS > (\d+)/.exec(hint);
        if (m) w.__ess.add(`status ${m[1] ?? m[2]}`);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await quickRun(page, 'Reaction ~ Days + (1 | Subject)', { chains: 4, warmup: 200, iter: 300 });
    const seen = await page.evaluate(() => [...(window as unknown as { __ess: Set<string> }).__ess]);
    const numbers = new Set(seen.map((s) => /(\d+)/.exec(s)?.[1]));
    expect([...numbers], `ESS thresholds seen: ${seen.join(' | ')}`).toEqual(['400']);
    await expect(region(page, 'Convergence')).toContainText('100 per chain');

    const summary = region(page, 'Summary');
    await expect(summary.getByLabel('Credible interval')).toHaveValue('0.95');
    await expect(summary.getByRole('columnheader', { name: '2.5%' }).first()).toBeVisible();
    await expect(summary.getByRole('columnheader', { name: '97.5%' }).first()).toBeVisible();
    await expect(summary).toContainText('95% central interval');
    const charts = region(page, 'Charts');
    const rank = charts.getByRole('img').first();
    await expect(rank).toHaveAttribute('aria-label', /^Rank plot/);
    for (const n of await tickCounts(page, rank)) expect(n, 'tick labels per rank axis').toBeGreaterThanOrEqual(2);
    expect(await overlappingTicks(rank)).toEqual([]);
    await charts.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('page-rank.png') });
    await charts.getByRole('tab', { name: 'Pairs' }).click();
    const pairs = charts.getByRole('img').first();
    await expect(pairs).toHaveAttribute('aria-label', /^Pairs plot/);
    for (const n of await tickCounts(page, pairs)) expect(n, 'tick labels per pairs axis').toBeGreaterThanOrEqual(2);
    expect(await overlappingTicks(pairs)).toEqual([]);
    await charts.getByRole('tab', { name: 'Group effects' }).click();
    await expect(charts.getByRole('img').first()).toHaveAttribute('aria-label', /95% intervals/);
    await expect(charts).toContainText('50% and 95% intervals');
  });

  test('item 12: a 10,000-column file shows, scrolls and lists its columns without freezing the page', async ({ page }) => {
    test.setTimeout(240_000);
    await openApp(page);
    await expect(runButton(page)).toBeEnabled({ timeout: 30_000 });
    const report = await measureLoad(page, () => page.evaluate(() => {
      // 10,000 columns x 50 rows: c0 .. c9999, numbers with two decimals, every 7th column text.
      const nCol = 10_000;
      const header = Array.from({ length: nCol }, (_, j) => `c${j}`).join(',');
      const rows: string[] = [header];
      for (let i = 0; i < 50; i++) {
        const cells: string[] = [];
        for (let j = 0; j < nCol; j++) cells.push(j % 7 === 3 ? `L${(i + j) % 5}` : (((i * 31 + j * 17) % 1000) / 10).toFixed(2));
        rows.push(cells.join(','));
      }
      const file = new File([rows.join('\n') + '\n'], 'wide.csv', { type: 'text/csv' });
      const dt = new DataTransfer();
      dt.items.add(file);
      for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }), async () => { await expect(datasetLine(page)).toContainText('50 rows × 10,000 columns', { timeout: 120_000 }); });
    console.log('wide file shown', JSON.stringify(report));
    const preview = page.getByRole('table', { name: 'Data preview' });
    // Only the columns in view are in the DOM (plus a margin), not 10,000 per row.
    expect(await preview.getByRole('columnheader').count()).toBeLessThan(200);
    await preview.evaluate((el) => { el.scrollLeft = el.scrollWidth; el.dispatchEvent(new Event('scroll')); });
    await expect(preview.locator('.head-name', { hasText: /^c9999$/ })).toBeVisible();
    const lastRow = preview.locator('[role="row"][aria-rowindex="2"]');
    await expect(lastRow.getByRole('cell').last()).not.toHaveText('');
    await page.screenshot({ path: screenshotPath('page-wide-preview.png') });

    const columns = await measureLoad(page, () => page.getByRole('tab', { name: /Columns/ }).click(),
      async () => { await expect(page.getByRole('table', { name: 'Columns' })).toBeVisible({ timeout: 120_000 }); });
    console.log('wide file columns tab', JSON.stringify(columns));
    const table = page.getByRole('table', { name: 'Columns' });
    expect(await table.locator('tbody tr[data-column]').count()).toBeLessThan(300);
    await table.evaluate((el) => { const s = el.closest('.columns-scroll')!; s.scrollTop = s.scrollHeight; s.dispatchEvent(new Event('scroll')); });
    await expect(table.locator('tr[data-column="c9999"]')).toBeVisible();
    await page.screenshot({ path: screenshotPath('page-wide-columns.png') });

    // The formula box lists a bounded number of variable chips, with a filter for the rest.
    const chips = page.getByRole('group', { name: 'Variables' }).getByRole('button');
    expect(await chips.count()).toBeLessThanOrEqual(60);
    await page.getByRole('searchbox', { name: 'Filter variables' }).fill('c9998');
    await expect(page.getByRole('group', { name: 'Variables' }).getByRole('button', { name: /^c9998/ })).toBeVisible();
    for (const r of [report, columns]) expect(r.maxLongTaskMs, JSON.stringify(r)).toBeLessThan(1000);
  });

  test('item 13: a 90 MB CSV (4.4 M rows) loads without long main-thread tasks', async ({ page }) => {
    test.setTimeout(300_000);
    await openApp(page);
    await expect(runButton(page)).toBeEnabled({ timeout: 30_000 });
    await page.evaluate(() => {
      // 4,400,000 rows of "y,x,g" (about 90 MB), built in parts so no single string is huge.
      const parts: string[] = ['y,x,g\n'];
      const n = 4_400_000;
      let chunk: string[] = [];
      for (let i = 0; i < n; i++) {
        chunk.push(`${(100 + ((i * 7919) % 100000) / 1000).toFixed(3)},${((i * 104729) % 10000) / 100},grp${i % 500}\n`);
        if (chunk.length === 100_000) { parts.push(chunk.join('')); chunk = []; }
      }
      parts.push(chunk.join(''));
      const w = window as unknown as { __bigBytes: number; __bigFile: File };
      w.__bigFile = new File(parts, 'big.csv', { type: 'text/csv' });
      w.__bigBytes = w.__bigFile.size;
    });
    await page.waitForTimeout(500);
    const report = await measureLoad(page, () => page.evaluate(() => {
      const file = (window as unknown as { __bigFile: File }).__bigFile;
      const dt = new DataTransfer();
      dt.items.add(file);
      for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }), async () => {
      // Cheap page-side polling: Playwright's locators would add long tasks of their own.
      await page.waitForFunction(() => /4,400,000 rows/.test(document.querySelector('[aria-label="Dataset"]')?.textContent ?? ''), undefined, { timeout: 240_000, polling: 500 });
      // what follows the table's arrival: the model check of the formula against the new table
      await page.waitForTimeout(3000);
    }, true);
    const bytes = await page.evaluate(() => (window as unknown as { __bigBytes: number }).__bigBytes);
    // The page's JS heap after the load, after a full garbage collection (Chrome DevTools Protocol).
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
    // usedSize: JS objects (strings included); backingStorageSize: ArrayBuffer contents (typed arrays).
    const heapMB = { js: Math.round(usage.usedSize / 1e6), arrayBuffers: Math.round((usage.backingStorageSize ?? NaN) / 1e6) };
    await cdp.detach();
    console.log('big file load', JSON.stringify({ megabytes: Number((bytes / 1e6).toFixed(1)), heapMB, ...report }));
    expect(bytes).toBeGreaterThan(85e6);
    await expect(page.getByRole('table', { name: 'Data preview' })).toContainText('grp0');
    // Aim: no task over 50 ms; asserted loosely (a shared, loaded machine inflates every task),
    // the numbers are printed. Before: one 3.6 s task as the table arrived, 2.4 s as it went
    // to the analysis worker.
    expect(report.maxLongTaskMs, JSON.stringify(report)).toBeLessThan(1000);
    // The Columns tab's summaries (levels, histograms of 4.4 M values) come with the table.
    const columns = await measureLoad(page, () => page.getByRole('tab', { name: /Columns/ }).click(), async () => {
      await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Columns"] tr[data-column]').length === 3, undefined, { timeout: 60_000, polling: 200 });
    });
    console.log('big file columns tab', JSON.stringify(columns));
    await expect(page.getByRole('table', { name: 'Columns' }).locator('tr[data-column="g"]')).toContainText('500 levels');
    expect(columns.maxLongTaskMs, JSON.stringify(columns)).toBeLessThan(1000);
  });
});

/** Long tasks (PerformanceObserver 'longtask') and wall time from `start` until `done` resolves. */
async function measureLoad(page: Page, start: () => Promise<unknown>, done: () => Promise<void>, list = false): Promise<{ seconds: number; longTasks: number; maxLongTaskMs: number; totalLongMs: number; tasks?: string[] }> {
  await page.evaluate(() => {
    const w = window as unknown as { __lt: number[]; __ltAt: number[]; __obs?: PerformanceObserver };
    w.__lt = [];
    w.__obs?.disconnect();
    w.__ltAt = [];
    w.__obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) { w.__lt.push(e.duration); w.__ltAt.push(e.startTime); } });
    w.__obs.observe({ type: 'longtask', buffered: false });
  });
  const t0 = Date.now();
  await start();
  await done();
  const seconds = (Date.now() - t0) / 1000;
  await page.waitForTimeout(300);
  const lt = await page.evaluate(() => (window as unknown as { __lt: number[] }).__lt);
  const at = await page.evaluate(() => (window as unknown as { __ltAt: number[] }).__ltAt);
  return {
    ...(list ? { tasks: lt.map((d, i) => `${Math.round(d)}ms@${Math.round(at[i])}`) } : {}),
    seconds: Number(seconds.toFixed(2)), longTasks: lt.length,
    maxLongTaskMs: Math.round(lt.length ? Math.max(...lt) : 0), totalLongMs: Math.round(lt.reduce((a, b) => a + b, 0)),
  };
}
