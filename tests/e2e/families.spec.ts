// The new families and links end to end in the browser: upload a simulated dataset
// (tests/fixtures/families, make_data.R), pick the family and the link, run, read the summary's
// Family/Links line and parameter rows, open the posterior predictive check.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { datasetLine, openApp, screenshotPath } from './helpers';

const familyFixture = (name: string) => fileURLToPath(new URL(`../fixtures/families/${name}`, import.meta.url));
const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

interface Case {
  title: string; file: string; rows: number; formula: string; family: string; link: string;
  links: string[]; linksLine: string; params: string[];
  /** In the exported Stan program and brms call (the link reaches the exports). */
  stan: string; brms: string;
}

async function download(page: Page, button: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button, exact: true }).click()]);
  return readFileSync((await d.path())!, 'utf8');
}

const CASES: Case[] = [
  {
    title: 'Gamma with the log link', file: 'gamma_rt.csv', rows: 300, formula: 'rt ~ x + (1 | g)', family: 'gamma', link: 'log',
    links: ['log'], linksLine: 'mu = log; shape = identity', params: ['shape', 'x', 'sd(Intercept)'],
    stan: 'target += gamma_lpdf(Y | shape, shape ./ mu);', brms: 'family = Gamma(link = "log"),',
  },
  {
    title: 'Beta with the logit link', file: 'beta_share.csv', rows: 300, formula: 'share ~ x + (1 | g)', family: 'beta', link: 'logit',
    links: ['logit'], linksLine: 'mu = logit; phi = identity', params: ['phi', 'x', 'sd(Intercept)'],
    stan: 'target += beta_lpdf(Y | mu * phi, (1 - mu) * phi);', brms: 'family = Beta(),',
  },
  {
    title: 'bernoulli with the probit link', file: 'probit_vote.csv', rows: 300, formula: 'vote ~ x + (1 | g)', family: 'bernoulli', link: 'probit',
    links: ['logit', 'probit'], linksLine: 'mu = probit', params: ['x', 'sd(Intercept)'],
    stan: 'mu = Phi(mu);', brms: 'family = bernoulli(link = "probit"),',
  },
  {
    title: 'lognormal', file: 'lognormal_cost.csv', rows: 300, formula: 'cost ~ x + (1 | g)', family: 'lognormal', link: 'identity',
    links: ['identity'], linksLine: 'mu = identity; sigma = identity', params: ['sigma', 'x', 'sd(Intercept)'],
    stan: 'target += lognormal_lpdf(Y | mu, sigma);', brms: 'family = lognormal(),',
  },
];

test.describe('families and links', () => {
  for (const c of CASES) {
    test(`${c.title}: upload, pick family and link, run, summary, predictive check`, async ({ page }) => {
      test.setTimeout(240_000);
      await openApp(page);
      await page.getByLabel('Upload data').setInputFiles(familyFixture(c.file));
      await expect(datasetLine(page)).toContainText(c.file);
      await expect(datasetLine(page)).toContainText(`${c.rows} rows`);
      await page.getByRole('textbox', { name: 'Formula' }).fill(c.formula);
      await page.getByLabel('Family').selectOption(c.family);
      // the link select lists only this family's links, the default first
      await expect(page.getByLabel('Link').locator('option')).toHaveText(c.links);
      await expect(page.getByLabel('Link')).toHaveValue(c.links[0]);
      if (c.links.length > 1) await page.getByLabel('Link').selectOption(c.link);
      await expect(page.getByLabel('Link')).toHaveValue(c.link);
      await region(page, 'Model specification').screenshot({ path: screenshotPath(`families-${c.family}-${c.link}-model.png`) });
      await page.getByLabel('Chains').fill('2');
      await page.getByLabel('Warmup', { exact: true }).fill('300');
      await page.getByLabel('Iterations', { exact: true }).fill('300');
      await expect(page.getByRole('button', { name: 'Run', exact: true })).toBeEnabled({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(page.getByRole('status', { name: 'Run status' })).toContainText('Done', { timeout: 200_000 });
      // the fit's header, as print.brmsfit starts: Family and Links
      const head = region(page, 'Fit');
      const entry = (label: string) => head.locator('div', { has: page.locator('dt', { hasText: `${label}:` }) }).locator('dd');
      await expect(entry('Family')).toHaveText(c.family);
      await expect(entry('Links')).toHaveText(c.linksLine);
      await head.screenshot({ path: screenshotPath(`families-${c.family}-${c.link}-header.png`) });
      const summary = region(page, 'Summary');
      for (const p of c.params) await expect(summary).toContainText(p, { timeout: 30_000 });
      await summary.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`families-${c.family}-${c.link}-summary.png`) });
      const charts = region(page, 'Charts');
      await charts.getByRole('tab', { name: 'Predictive check' }).click();
      const kind = c.family === 'bernoulli' ? '[data-observed-bar]' : 'path[data-yrep]';
      await expect(charts.locator(kind).first()).toBeVisible({ timeout: 60_000 });
      if (c.family !== 'bernoulli') await expect(charts.locator('path[data-yrep]')).toHaveCount(20);
      await charts.scrollIntoViewIfNeeded();
      await page.screenshot({ path: screenshotPath(`families-${c.family}-${c.link}-ppc.png`) });
      expect(await download(page, 'Stan program')).toContain(c.stan);
      expect(await download(page, 'brms call')).toContain(c.brms);
    });
  }
});
