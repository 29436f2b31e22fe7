// Runs bench/persistBrowserHarness.ts in headless Chromium on a blank page of a local origin (so
// IndexedDB works) and prints the timings and long tasks of each persistence step.
//   node bench/persistBrowser.mjs [params=3200] [port=4302]
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { chromium } from '@playwright/test';

const P = Number(process.argv[2] ?? 3200);
const PORT = Number(process.argv[3] ?? 4302);
const out = await build({ entryPoints: ['bench/persistBrowserHarness.ts'], bundle: true, format: 'iife', write: false, logLevel: 'warning' });
const js = out.outputFiles[0].text;
const gz = (await build({ entryPoints: ['src/app/persist/gzip.worker.ts'], bundle: true, format: 'iife', write: false, logLevel: 'warning' })).outputFiles[0].text;
const server = createServer((req, res) => {
  if (req.url === '/h.js' || req.url === '/gz.js') { res.writeHead(200, { 'content-type': 'text/javascript' }); res.end(req.url === '/h.js' ? js : gz); return; }
  res.writeHead(200, { 'content-type': 'text/html' }); res.end('<!doctype html><script src="/h.js"></script>');
}).listen(PORT, '127.0.0.1');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/`);
  const result = await page.evaluate((p) => window.persistBench(p), P);
  console.log(JSON.stringify(result, null, 1));
} finally {
  await browser.close();
  server.close();
}
