import { expect, test } from '@playwright/test';
import { datasetLine, dropFile, openApp, previewColumnNames, previewRow, screenshotPath, uploadFixture } from './helpers';

test.describe('data import', () => {
  test('opens on the sleepstudy example with its preview and typed columns', async ({ page }) => {
    await openApp(page);
    await expect(page.getByRole('heading', { name: 'Data' })).toBeVisible();
    expect(await previewColumnNames(page)).toEqual(['Reaction', 'Days', 'Subject']);
    expect(await previewRow(page, 1)).toEqual(['249.5600', '0', '308']);
    await expect(page.getByLabel('Example')).toHaveValue('sleepstudy');
    await expect(page.getByLabel('Suggested model')).toContainText('Reaction ~ Days + (Days | Subject)');
  });

  const good: { file: string; dims: string; columns: string[]; row1: string[]; message?: RegExp }[] = [
    { file: 'good_types.csv', dims: '12 rows × 5 columns', columns: ['id', 'school', 'score', 'treated', 'sex'], row1: ['1', 'South', '51.25', '1', 'F'] },
    { file: 'good_semicolon.csv', dims: '6 rows × 3 columns', columns: ['subject', 'time', 'weight'], row1: ['1', '0', '61.50'], message: /separated by semicolons/ },
    { file: 'good_tab.tsv', dims: '4 rows × 3 columns', columns: ['pupil', 'class', 'math'], row1: ['1', 'A', '12.50'], message: /tab-separated values/ },
    { file: 'good_bom_crlf.csv', dims: '3 rows × 3 columns', columns: ['Reaction', 'Days', 'Subject'], row1: ['249.5600', '0', '308'] },
    { file: 'good_multiline.csv', dims: '5 rows × 3 columns', columns: ['id', 'comment', 'rating'], row1: ['1', 'Clear, well paced', '5'] },
    { file: 'good_missing.csv', dims: '6 rows × 3 columns · 6 missing cells', columns: ['y', 'x', 'g'], row1: ['1.5', '2', 'a'] },
    { file: 'good_nonnumeric.csv', dims: '40 rows × 2 columns · 3 missing cells', columns: ['hours', 'score'], row1: ['1', '60.5'],
      message: /Column score: 3 non-numeric cells treated as missing: row 12 'abc', row 20 'n\/a', row 33 '\?'/ },
    { file: 'good_latin1.csv', dims: '3 rows × 2 columns', columns: ['city', 'temp'], row1: ['Zürich', '12.5'], message: /not valid UTF-8; it was read as Windows-1252/ },
    { file: 'good_cp1252_levels.csv', dims: '3 rows × 2 columns', columns: ['place', 'price'], row1: ['café', '1'], message: /not valid UTF-8; it was read as Windows-1252/ },
    { file: 'good_utf16.txt', dims: '3 rows × 2 columns', columns: ['region', 'score'], row1: ['Nord', '1.5'], message: /tab-separated values/ },
    { file: 'good_rownames.csv', dims: '4 rows × 2 columns', columns: ['height', 'group'], row1: ['170.2', 'a'], message: /row names/ },
  ];

  for (const g of good) {
    test(`uploading ${g.file} shows its preview${g.message ? ' and a note' : ''}`, async ({ page }) => {
      await openApp(page);
      await uploadFixture(page, g.file);
      await expect(datasetLine(page)).toContainText(g.file);
      await expect(datasetLine(page)).toContainText(g.dims);
      expect(await previewColumnNames(page)).toEqual(g.columns);
      expect(await previewRow(page, 1)).toEqual(g.row1);
      if (g.message) await expect(page.getByRole('status').filter({ hasText: g.message })).toBeVisible();
      else await expect(page.locator('.import-message')).toHaveCount(0);
    });
  }

  test('a quoted field with newlines stays one cell and the next row is intact', async ({ page }) => {
    await openApp(page);
    await uploadFixture(page, 'good_multiline.csv');
    await expect(datasetLine(page)).toContainText('good_multiline.csv');
    const row2 = await previewRow(page, 2);
    expect(row2[0]).toBe('2');
    expect(row2[1].replace(/\s+/g, ' ')).toBe('Too fast. Slides were "dense"');
    expect(row2[2]).toBe('2');
  });

  test('a Windows-1252 file keeps café and cafè apart and reads € and curly quotes (the CLI decodes the same way)', async ({ page }) => {
    await openApp(page);
    await uploadFixture(page, 'good_cp1252_levels.csv');
    await expect(datasetLine(page)).toContainText('good_cp1252_levels.csv');
    expect(await previewRow(page, 2)).toEqual(['cafè', '2']);
    expect(await previewRow(page, 3)).toEqual(['€uro “bar”', '3']);
  });

  const bad: { file: string; message: RegExp }[] = [
    { file: 'bad_empty.csv', message: /The file is empty/ },
    { file: 'bad_binary.csv', message: /not a CSV file: it contains binary data \(a NUL byte/ },
    { file: 'bad_nul_after_64k.csv', message: /not a CSV file: it contains binary data \(a NUL byte at byte 70,001 \(line 5,927\)\)/ },
    { file: 'bad_workbook.xlsx', message: /Excel \.xlsx.*Save As > CSV/ },
    { file: 'bad_ragged.csv', message: /header \(line 1\) has 3, but line 4 has 4 fields/ },
    { file: 'bad_duplicate_header.csv', message: /'score' is the name of columns 1 and 3/ },
    { file: 'bad_empty_header.csv', message: /Column 2 has no name/ },
    { file: 'bad_header_only.csv', message: /header \(y, x, group\) but no data rows/ },
    { file: 'bad_unclosed_quote.csv', message: /quoted field starting on line 3 has no closing quote/ },
  ];

  for (const b of bad) {
    test(`uploading ${b.file} explains the problem and keeps sleepstudy loaded`, async ({ page }) => {
      await openApp(page);
      await uploadFixture(page, b.file);
      const alert = page.getByRole('alert');
      await expect(alert).toContainText(`Could not load ${b.file}.`);
      await expect(alert).toContainText(b.message);
      await expect(alert).toContainText('sleepstudy.csv is still loaded');
      await expect(datasetLine(page)).toContainText('sleepstudy.csv');
      expect(await previewRow(page, 1)).toEqual(['249.5600', '0', '308']);
      // The app keeps working: a good file loads afterwards.
      await uploadFixture(page, 'good_tab.tsv');
      await expect(datasetLine(page)).toContainText('good_tab.tsv');
      await expect(page.getByRole('alert')).toHaveCount(0);
    });
  }

  test('a file over the size limit is refused with the limit stated', async ({ page }) => {
    await openApp(page);
    await dropFile(page, 'huge.csv', { sizeBytes: 101 * 1024 * 1024 });
    await expect(page.getByRole('alert')).toContainText('The file is 101 MB; the limit is 100 MB');
    await expect(datasetLine(page)).toContainText('sleepstudy.csv');
  });

  test('a large file shows import progress while the worker parses it, and the page stays responsive', async ({ page }) => {
    await openApp(page);
    const started = Date.now();
    await page.evaluate(() => {
      const parts: string[] = ['id,group,x,label\n'];
      for (let i = 0; i < 400_000; i++) parts.push(`${i},${i % 300},${(i * 0.37) % 100},lab${i % 41}\n`);
      const file = new File(parts, 'large.csv', { type: 'text/csv' });
      const dt = new DataTransfer();
      dt.items.add(file);
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await expect(page.getByLabel('Import progress')).toBeVisible();
    // The main thread is free while parsing: the Columns tab of the previous data still opens.
    await page.getByRole('tab', { name: /Columns/ }).click();
    await expect(page.locator('tr[data-column="Reaction"]')).toBeVisible();
    await expect(datasetLine(page)).toContainText('400,000 rows × 4 columns');
    await expect(page.getByLabel('Import progress')).toHaveCount(0);
    // 400,000 rows are taller than a browser lets an element be: the scroll is scaled, and
    // the last row and a middle row are still reachable and intact.
    await page.getByRole('tab', { name: 'Preview' }).click();
    const grid = page.getByRole('table', { name: 'Data preview' });
    await grid.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect(grid.locator('[aria-rowindex="400001"]')).toBeInViewport();
    const last = await previewRow(page, 400000);
    expect([last[0], last[1], last[3]]).toEqual(['399999', String(399999 % 300), `lab${399999 % 41}`]);
    expect(Number(last[2])).toBeCloseTo((399999 * 0.37) % 100, 5);
    await grid.evaluate((el) => { el.scrollTop = (el.scrollHeight - el.clientHeight) / 2; });
    const mid = grid.locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
    const rendered = () => mid.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-rowindex'))));
    await expect.poll(async () => Math.max(...(await rendered()))).toBeLessThan(210_000);
    const indices = await rendered();
    expect(Math.min(...indices)).toBeGreaterThan(190_000);
    expect(indices.length).toBeLessThan(120);
    console.log(`large.csv (400,000 rows) dropped to loaded: ${Date.now() - started} ms`);
  });

  test('a file dropped on the page is loaded', async ({ page }) => {
    await openApp(page);
    await dropFile(page, 'dropped.csv', { text: 'g,y\na,1\nb,2\nc,3\n' });
    await expect(datasetLine(page)).toContainText('dropped.csv');
    await expect(datasetLine(page)).toContainText('3 rows × 2 columns');
  });

  test('decimal commas in a tab file are numbers, said in a note; levels are listed in R\'s order', async ({ page }) => {
    await openApp(page);
    await dropFile(page, 'comma.tsv', { text: 'city\tweight\nNewark\t61,5\nNew York\t62,25\nStevens\t1.250,5\nSt Louis\t70\n' });
    await expect(datasetLine(page)).toContainText('comma.tsv');
    await expect(page.getByRole('status').filter({ hasText: /Numbers were read with a decimal comma/ })).toBeVisible();
    expect(await previewRow(page, 3)).toEqual(['Stevens', '1250.50000']);
    await page.getByRole('tab', { name: /Columns/ }).click();
    const city = await page.locator('tr[data-column="city"]').innerText();
    // The first levels shown (those that fit), in the model's order: New York is the reference.
    expect(city).toMatch(/4 levels\s*New York\s*1\s*Newark/);
  });

  test('cell text is shown as text, never interpreted as HTML', async ({ page }) => {
    await openApp(page);
    await dropFile(page, 'html.csv', { text: 'name,y\n"<img src=x onerror=""window.__pwned=1"">",1\n<b>bold</b>,2\n' });
    await expect(datasetLine(page)).toContainText('html.csv');
    expect((await previewRow(page, 1))[0]).toBe('<img src=x onerror="window.__pwned=1">');
    expect((await previewRow(page, 2))[0]).toBe('<b>bold</b>');
    expect(await page.locator('.preview img, .preview b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  test('an integer column can be switched to a factor and back', async ({ page }) => {
    await openApp(page);
    await page.getByRole('tab', { name: /Columns/ }).click();
    const subject = page.locator('tr[data-column="Subject"]');
    await expect(subject).toContainText('integer');
    await expect(subject).toContainText('min');
    const role = page.getByLabel('Use Subject as');
    await expect(role).toHaveValue('number');
    await role.selectOption('factor');
    await expect(role).toHaveValue('factor');
    await expect(subject).toContainText('18 levels');
    await expect(subject).toContainText('308');
    await expect(page.getByLabel('Variables')).toContainText(/Subject\s*factor/);
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect(page.getByRole('table', { name: 'Data preview' }).locator('.head-type').nth(2)).toHaveText('integer · factor');
    await page.getByRole('tab', { name: /Columns/ }).click();
    await page.getByLabel('Use Subject as').selectOption('number');
    await expect(subject).toContainText('min');
  });

  test('an example chosen from the menu replaces the data and applies its factor columns', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Example').selectOption('cbpp');
    await expect(datasetLine(page)).toContainText('cbpp.csv');
    await expect(datasetLine(page)).toContainText('56 rows × 4 columns');
    await expect(page.getByRole('status').filter({ hasText: 'period is used as a factor' })).toBeVisible();
    await page.getByRole('tab', { name: /Columns/ }).click();
    await expect(page.getByLabel('Use period as')).toHaveValue('factor');
  });

  test('insteval (73,421 rows) loads and its preview renders only the visible rows', async ({ page }) => {
    await openApp(page);
    await page.getByLabel('Example').selectOption('insteval');
    await expect(datasetLine(page)).toContainText('73,421 rows × 7 columns');
    const grid = page.getByRole('table', { name: 'Data preview' });
    await expect(grid).toHaveAttribute('aria-rowcount', '73422');
    const rendered = await grid.getByRole('row').count();
    expect(rendered).toBeLessThan(120);
    // Scroll to the end: the last row is rendered and the DOM stays small.
    await grid.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await expect(grid.locator('[aria-rowindex="73422"]')).toBeVisible();
    expect(await previewRow(page, 73421)).toEqual(['2972', '2121', '4', '2', '1', '2', '3']);
    expect(await grid.getByRole('row').count()).toBeLessThan(120);
  });

  test('the page makes no request to any host other than localhost', async ({ page }) => {
    const foreign: string[] = [];
    page.on('request', (req) => {
      const url = new URL(req.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return;
      if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') foreign.push(req.url());
    });
    await openApp(page);
    await uploadFixture(page, 'good_types.csv');
    await expect(datasetLine(page)).toContainText('good_types.csv');
    await page.getByLabel('Example').selectOption('radon');
    await expect(datasetLine(page)).toContainText('radon.csv');
    await page.getByRole('tab', { name: /Columns/ }).click();
    await page.waitForLoadState('networkidle');
    expect(foreign).toEqual([]);
  });

  test('screenshot of the data view', async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await openApp(page);
    await page.screenshot({ path: screenshotPath('data-default.png') });
    await uploadFixture(page, 'good_nonnumeric.csv');
    await expect(datasetLine(page)).toContainText('good_nonnumeric.csv');
    await page.getByRole('table', { name: 'Data preview' }).evaluate((el) => { el.scrollTop = 6 * 24; });
    await page.screenshot({ path: screenshotPath('data-warning.png') });
    await page.getByLabel('Example').selectOption('radon');
    await expect(datasetLine(page)).toContainText('radon.csv');
    await page.screenshot({ path: screenshotPath('data-preview.png') });
    await page.getByRole('tab', { name: /Columns/ }).click();
    await page.screenshot({ path: screenshotPath('data-columns.png') });
  });
});
