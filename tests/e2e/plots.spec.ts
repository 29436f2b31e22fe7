// Draws every chart of src/plots in a bare page (the demo bundled with esbuild, no app, no
// server), checks what a reader would check, and saves screenshots to tests/e2e/screenshots/.
import { expect, test, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { writeFileSync } from 'node:fs';

const here = dirname(fileURLToPath(import.meta.url));
const shots = join(here, 'screenshots');
let bundle = '';

test.beforeAll(async () => {
  const out = await build({
    entryPoints: [join(here, '../../src/plots/demo/entry.ts')],
    bundle: true, format: 'iife', write: false, target: 'es2022', logLevel: 'silent',
  });
  bundle = out.outputFiles[0].text;
});

async function openDemo(page: Page): Promise<void> {
  await page.setViewportSize({ width: 800, height: 900 });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setContent('<!doctype html><html><body style="margin:16px;background:#fff"><div id="root"></div></body></html>');
  await page.addScriptTag({ content: bundle });
  await page.waitForFunction(() => 'plotsDemo' in window);
  expect(errors).toEqual([]);
}

/** Counts canvas pixels that are painted (alpha > 0), inked (painted, not the grey warmup band) and strongly red. */
async function canvasPixels(page: Page, selector: string): Promise<{ painted: number; ink: number; red: number }> {
  return page.$eval(selector, (el) => {
    const canvas = el.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    let ink = 0;
    let red = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0) painted++;
      if (data[i + 3] > 0 && !(data[i] === 0xe9 && data[i + 1] === 0xe9 && data[i + 2] === 0xe9)) ink++;
      if (data[i + 3] > 200 && data[i] > 180 && data[i + 1] < 80 && data[i + 2] < 80) red++;
    }
    return { painted, ink, red };
  });
}

test.describe('plots', () => {
  test.beforeEach(async ({ page }) => openDemo(page));

  test('every chart is an image with a descriptive accessible name', async ({ page }) => {
    const labels = await page.$$eval('[data-plot][role="img"]', (els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    expect(labels.length).toBe(12);
    for (const l of labels) expect(l.length).toBeGreaterThan(30);
    expect(labels.some((l) => /^Trace plot of b_Intercept: 4 chains/.test(l))).toBe(true);
    expect(labels.some((l) => /^Caterpillar plot of .*: 85 rows, sorted by posterior mean/.test(l))).toBe(true);
  });

  test('trace plot paints lines on the canvas and grows as draws stream in', async ({ page }) => {
    const trace = '#trace [data-plot="trace"]';
    const before = await canvasPixels(page, trace);
    expect(before.ink).toBeGreaterThan(3000);
    const label0 = await page.getAttribute(trace, 'aria-label');
    expect(label0).toContain('300 iterations drawn');
    await page.locator('#trace').screenshot({ path: join(shots, 'plots-trace-streaming.png') });
    const count = await page.evaluate(() => (window as any).plotsDemo.streamTrace(900));
    expect(count).toBe(1200);
    const after = await canvasPixels(page, trace);
    expect(after.ink).toBeGreaterThan(before.ink * 2);
    expect(await page.getAttribute(trace, 'aria-label')).toContain('1200 iterations drawn');
    await page.evaluate(() => (window as any).plotsDemo.streamTrace(1000));
    // Streamed (incremental) drawing must look like drawing everything at once.
    const streamed = await canvasPixels(page, trace);
    await page.evaluate(() => (window as any).plotsDemo.handles.trace.resize(720));
    const redrawn = await canvasPixels(page, trace);
    expect(Math.abs(streamed.ink - redrawn.ink) / redrawn.ink).toBeLessThan(0.05);
    await page.locator('#trace').screenshot({ path: join(shots, 'plots-trace.png') });
    await page.locator('#trace-long').screenshot({ path: join(shots, 'plots-trace-long.png') });
    const long = await canvasPixels(page, '#trace-long [data-plot="trace"]');
    expect(long.painted).toBeGreaterThan(20000);
  });

  test('caterpillar has one labelled row per county, sorted by mean, long names truncated with a tooltip', async ({ page }) => {
    const rows = page.locator('#caterpillar [data-row]');
    await expect(rows).toHaveCount(85);
    const info = await page.$$eval('#caterpillar [data-row]', (els) => els.map((g) => ({
      text: g.querySelector('text')!.firstChild!.nodeValue!,
      full: g.querySelector('text title')!.textContent!,
      cx: Number(g.querySelector('circle')!.getAttribute('cx')),
    })));
    for (const r of info) expect(r.text.length).toBeGreaterThan(0);
    for (let i = 1; i < info.length; i++) expect(info[i].cx).toBeGreaterThanOrEqual(info[i - 1].cx);
    expect(new Set(info.map((r) => r.full)).size).toBe(85);
    const truncated = info.filter((r) => r.text.endsWith('\u2026'));
    expect(truncated.map((r) => r.full)).toContain('LAKEOFTHEWOODS');
    for (const r of truncated) expect(r.full.startsWith(r.text.slice(0, -1))).toBe(true);
    await expect(page.locator('#caterpillar [data-zero-line]')).toHaveCount(1);
    // The rows scroll inside a bounded viewport.
    const box = await page.locator('#caterpillar [data-plot]').boundingBox();
    expect(box!.height).toBeLessThan(85 * 18);
    await page.locator('#caterpillar').screenshot({ path: join(shots, 'plots-caterpillar.png') });
    await page.locator('#intervals').screenshot({ path: join(shots, 'plots-intervals.png') });
    await expect(page.locator('#intervals [data-row]')).toHaveCount(3);
    expect(await page.$$eval('#intervals [data-row] text', (ts) => ts.map((t) => t.firstChild!.nodeValue)))
      .toEqual(['b_Intercept', 'b_floor', 'b_log_uranium']);
  });

  test('rank and density plots draw one series per chain', async ({ page }) => {
    await expect(page.locator('#rank [data-chain] path')).toHaveCount(4);
    await expect(page.locator('#rank-panels [data-chain] rect')).toHaveCount(4 * 20);
    await expect(page.locator('#density path[data-chain]')).toHaveCount(4);
    await page.locator('#rank').screenshot({ path: join(shots, 'plots-rank.png') });
    await page.locator('#rank-panels').screenshot({ path: join(shots, 'plots-rank-panels.png') });
    await page.locator('#density').screenshot({ path: join(shots, 'plots-density.png') });
    await page.locator('#narrow').screenshot({ path: join(shots, 'plots-narrow.png') });
  });

  test('pairs plot draws points with divergent draws in red, densities on the diagonal', async ({ page }) => {
    const px = await canvasPixels(page, '#pairs [data-plot="pairs"]');
    expect(px.painted).toBeGreaterThan(5000);
    expect(px.red).toBeGreaterThan(50);
    await expect(page.locator('#pairs [data-panel]')).toHaveCount(3);
    await expect(page.locator('#pairs [data-diagonal]')).toHaveCount(3);
    expect(await page.getAttribute('#pairs [data-plot]', 'aria-label')).toMatch(/[1-9]\d* divergent transitions in red/);
    await page.locator('#pairs').screenshot({ path: join(shots, 'plots-pairs.png') });
  });

  test('ppc overlays 20 replicated densities on the observed one, and bars for counts', async ({ page }) => {
    await expect(page.locator('#ppc path[data-yrep]')).toHaveCount(20);
    await expect(page.locator('#ppc path[data-y]')).toHaveCount(1);
    const bars = await page.locator('#ppc-bars [data-observed-bar]').count();
    expect(bars).toBeGreaterThan(4);
    await expect(page.locator('#ppc-bars [data-rep-interval]')).toHaveCount(bars);
    await page.locator('#ppc').screenshot({ path: join(shots, 'plots-ppc.png') });
    await page.locator('#ppc-bars').screenshot({ path: join(shots, 'plots-ppc-bars.png') });
  });

  test('no two tick labels on an axis overlap, and tick text is at least 12px', async ({ page }) => {
    const problems = await page.evaluate(() => {
      const out: string[] = [];
      // All tick labels of one SVG against each other: neighbouring panels' axes must not collide either.
      document.querySelectorAll('[data-plot] svg').forEach((axis) => {
        const ticks = Array.from(axis.querySelectorAll('.tick text')) as SVGTextElement[];
        const boxes = ticks.map((t) => t.getBoundingClientRect()).filter((b) => b.width > 0);
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i];
            const b = boxes[j];
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
              out.push(`${axis.closest('section')?.id}: "${ticks[i].textContent}" overlaps "${ticks[j].textContent}"`);
            }
          }
        }
        for (const t of ticks) {
          const size = parseFloat(getComputedStyle(t).fontSize);
          if (size < 12) out.push(`${axis.closest('section')?.id}: tick "${t.textContent}" is ${size}px`);
        }
      });
      return out;
    });
    expect(problems).toEqual([]);
  });

  test('charts export as standalone SVG (canvas embedded) and as whole PNGs', async ({ page }) => {
    const result = await page.evaluate(async () => {
      const { handles } = (window as any).plotsDemo;
      const { toSvgString, toPngBlob } = (window as any).plotsExport;
      const svgText: string = toSvgString(handles.trace.svg);
      const doc = new DOMParser().parseFromString(svgText, 'image/svg+xml');
      const png = await toPngBlob(handles.trace.element, 1);
      const bitmap = await createImageBitmap(png);
      const catPng = await toPngBlob(handles.caterpillar.element, 1);
      const cat = await createImageBitmap(catPng);
      const pairsSvg: string = toSvgString(handles.pairs.svg);
      const base64 = async (b: Blob) => {
        const bytes = new Uint8Array(await b.arrayBuffer());
        let s = '';
        for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
        return btoa(s);
      };
      return {
        files: { trace: await base64(png), caterpillar: await base64(catPng), pairsSvg },
        parseError: doc.querySelector('parsererror') !== null,
        hasImage: doc.querySelectorAll('image').length,
        imageHref: doc.querySelector('image')?.getAttribute('href')?.slice(0, 22),
        pngType: png.type, pngW: bitmap.width, pngH: bitmap.height,
        catH: cat.height, catViewport: handles.caterpillar.element.getBoundingClientRect().height,
        pairsImage: pairsSvg.includes('<image'),
      };
    });
    writeFileSync(join(shots, 'plots-export-trace.png'), Buffer.from(result.files.trace, 'base64'));
    writeFileSync(join(shots, 'plots-export-caterpillar.png'), Buffer.from(result.files.caterpillar, 'base64'));
    writeFileSync(join(shots, 'plots-export-pairs.svg'), result.files.pairsSvg);
    expect(result.parseError).toBe(false);
    expect(result.hasImage).toBe(1);
    expect(result.imageHref).toBe('data:image/png;base64,');
    expect(result.pngType).toBe('image/png');
    expect(result.pngW).toBe(720);
    expect(result.pngH).toBe(240);
    // The caterpillar PNG holds every row, not just the scrolled viewport.
    expect(result.catH).toBeGreaterThan(85 * 18);
    expect(result.catH).toBeGreaterThan(result.catViewport);
    expect(result.pairsImage).toBe(true);
  });
  test('charts wait politely before post-warmup draws exist, never drawing NaN', async ({ page }) => {
    const r = await page.evaluate(() => {
      const { densityPlot, rankPlot, pairsPlot } = (window as any).plots;
      const box = document.createElement('div');
      document.body.appendChild(box);
      const values = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
      const warm = { chains: [{ values, count: 50 }, { values, count: 50 }], warmup: 100 };
      const d = densityPlot(box, warm, { width: 400 });
      const k = rankPlot(box, warm, { width: 400 });
      const p = pairsPlot(box, { names: ['a', 'b'], warmup: 100, chains: [{ params: [values, values], divergent: new Float64Array(100), count: 50 }] }, { width: 300 });
      return {
        labels: [d, k, p].map((h: any) => h.element.getAttribute('aria-label')),
        texts: [d, k, p].map((h: any) => h.svg.textContent),
        nan: box.innerHTML.includes('NaN'),
      };
    });
    for (const l of r.labels) expect(l).toMatch(/no post-warmup draws yet/);
    for (const t of r.texts) expect(t).toContain('Waiting for post-warmup draws');
    expect(r.nan).toBe(false);
  });

  test('trace plot hides warmup on request and reports non-finite draws as gaps', async ({ page }) => {
    const r = await page.evaluate(() => {
      const { tracePlot } = (window as any).plots;
      const box = document.createElement('div');
      document.body.appendChild(box);
      const values = Float64Array.from({ length: 300 }, (_, i) => (i === 250 ? NaN : Math.cos(i / 7)));
      const h = tracePlot(box, { chains: [{ values, count: 300 }], warmup: 200 }, { width: 500, showWarmup: false });
      const ticks = Array.from(h.svg.querySelectorAll('.tick text'), (t: any) => t.textContent);
      const label = h.element.getAttribute('aria-label');
      h.destroy();
      return { label, ticks, gone: box.childElementCount };
    });
    expect(r.label).toContain('warmup hidden');
    expect(r.label).toContain('1 non-finite draw left as gaps');
    expect(r.ticks).toContain('300');
    expect(r.ticks).not.toContain('100');
    expect(r.gone).toBe(0);
  });

  test('trace plot can scale its y axis to the post-warmup draws, clipping early warmup excursions', async ({ page }) => {
    const r = await page.evaluate(() => {
      const { tracePlot } = (window as any).plots;
      const box = document.createElement('div');
      document.body.appendChild(box);
      // warmup starts at 100 and decays; sampling stays within [-1, 1]
      const values = Float64Array.from({ length: 400 }, (_, i) => (i < 200 ? 100 * Math.exp(-i / 10) : Math.sin(i)));
      const data = { chains: [{ values, count: 150 }], warmup: 200 };
      const yTicks = (h: any) => Array.from(h.svg.querySelectorAll('g .tick text'), (t: any) => Number(t.textContent.replace(/\u2212/g, '-').replace(/,/g, '')));
      const include = tracePlot(box, data, { width: 500, totalIterations: 400 });
      const exclude = tracePlot(box, data, { width: 500, totalIterations: 400, warmupScale: 'exclude' });
      const duringWarmup = Math.max(...yTicks(exclude).filter((v) => v < 150));
      data.chains[0].count = 400;
      include.update(data);
      exclude.update(data);
      return { include: yTicks(include), exclude: yTicks(exclude), duringWarmup };
    });
    // x ticks (100..400) are mixed in; y ticks are what differs
    expect(r.include).toContain(60);
    expect(r.duringWarmup).toBeGreaterThan(50);
    expect(r.exclude.filter((v) => v > 1.5 && v < 100)).toEqual([]);
    expect(r.exclude).toContain(0.5);
  });

  test('bad input is rejected with a message that says what is wrong and how to fix it', async ({ page }) => {
    const messages = await page.evaluate(() => {
      const { tracePlot, pairsPlot, caterpillarPlot, ppcPlot } = (window as any).plots;
      const box = document.createElement('div');
      document.body.appendChild(box);
      const attempt = (f: () => void) => { try { f(); return 'no error'; } catch (e) { return (e as Error).message; } };
      const x = new Float64Array(10);
      return [
        attempt(() => tracePlot(box, { chains: [{ values: x, count: 10 }, { values: x, count: 12 }], warmup: 0 })),
        attempt(() => pairsPlot(box, { names: ['a'], chains: [] })),
        attempt(() => caterpillarPlot(box, [{ label: 'ANOKA', mean: 0, lo90: 1, lo50: 0, hi50: 0, hi90: 2 }])),
        attempt(() => ppcPlot(box, { y: x, yrep: [new Float64Array(9)] })),
        `children left: ${box.childElementCount}`,
      ];
    });
    expect(messages[0]).toBe('tracePlot: chain 2: count 12 exceeds the array length 10; pass the number of filled entries as count');
    expect(messages[1]).toMatch(/pairsPlot: choose 2 to 5 parameters, got 1/);
    expect(messages[2]).toMatch(/row 1 \('ANOKA'\): intervals must nest/);
    expect(messages[3]).toMatch(/yrep\[0\] has 9 values but y has 10/);
    expect(messages[4]).toBe('children left: 0');
  });
});
