// Serves the built app (dist/) on localhost only and prints the URL.
// Usage: node scripts/serve.mjs [--port 4173]   (or PORT=4174 npm start)
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const portText = String(portArg >= 0 ? args[portArg + 1] : process.env.PORT || 4173).trim();
const port = Number(portText);
if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
  process.stderr.write(`PORT must be a port number from 1 to 65535 (got '${portText.slice(0, 40)}')\n`);
  process.exit(1);
}
const root = resolve(process.cwd(), 'dist');

const types = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.csv': 'text/csv; charset=utf-8', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.map': 'application/json', '.ico': 'image/x-icon',
};

// The data never leaves the machine: the page may only talk to its own origin.
const csp = [
  "default-src 'self'", "script-src 'self'", "worker-src 'self' blob:", "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:", "font-src 'self' data:", "connect-src 'self'", "object-src 'none'",
  "base-uri 'none'", "form-action 'none'",
].join('; ');
// The chain worker compiles each model's observation loop with `new Function` (only shape numbers
// go into that code, never data): its own script - and only it - may evaluate code. A worker's
// CSP comes from its script's response, so the page keeps the strict policy above.
const workerCsp = csp.replace("script-src 'self'", "script-src 'self' 'unsafe-eval'");
const isChainWorker = (file) => /[\\/]chain\.worker-[\w-]+\.js$/.test(file);

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let path = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    let file = join(root, path);
    if (!file.startsWith(root)) { res.writeHead(403).end(); return; }
    const s = await stat(file).catch(() => null);
    if (!s || s.isDirectory()) file = s ? join(file, 'index.html') : join(root, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'Content-Type': types[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': isChainWorker(file) ? workerCsp : csp,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache',
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});

// A port already taken (another `npm start`, another app): say which and what to run instead.
server.on('error', (err) => {
  if (err.code === 'EADDRINUSE') {
    process.stderr.write(`port ${port} is in use; start with PORT=${port < 65535 ? port + 1 : 4174} npm start\n`);
  } else if (err.code === 'EACCES') {
    process.stderr.write(`port ${port} needs more privileges than this user has; start with PORT=4174 npm start\n`);
  } else {
    process.stderr.write(`cannot listen on 127.0.0.1:${port}: ${err.message}\n`);
  }
  process.exit(1);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`Multilevel Studio is running at http://127.0.0.1:${port}/  (Ctrl+C to stop)`);
});
