// Chromium's ICU must sort factor levels as R does, like Node's (tests/core/design/collateR.test.ts):
// the app's own compareR, bundled as it is for the browser, against R's sort() of tricky strings.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { expect, test } from '@playwright/test';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/collation/r_sort.json', import.meta.url), 'utf8')) as {
  input: string[];
  sorted: string[];
};

test('Chromium sorts levels as R with ICU does (tests/fixtures/collation/r_sort.json)', async ({ page }) => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../src/core/design/collate.ts', import.meta.url))],
    bundle: true, write: false, format: 'iife', globalName: 'collate', target: 'es2020',
  });
  await page.setContent('<!doctype html><title>collation</title>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  const sorted = await page.evaluate((input) => {
    const { sortedLevelsR } = (window as unknown as { collate: { sortedLevelsR(v: string[]): string[] } }).collate;
    return sortedLevelsR(input);
  }, fixture.input);
  expect(sorted).toEqual(fixture.sorted);
});
