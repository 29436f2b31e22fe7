// Compresses a session file off the page's thread (sessionFile.ts sessionFileBlob): its bytes arrive
// a chunk per message, each acknowledged once compressed (the page keeps a few in flight), and the
// gzip Blob goes back at the end. Compression on the page made saving a 100 MB session a series of
// long tasks.
const gz = new CompressionStream('gzip');
const writer = gz.writable.getWriter();
const result = new Response(gz.readable).blob();
const post = (m: unknown) => (self as unknown as { postMessage(m: unknown): void }).postMessage(m);

self.onmessage = (e: MessageEvent<{ bytes?: Uint8Array<ArrayBuffer>; end?: true }>) => {
  const fail = (err: unknown) => post({ error: err instanceof Error ? err.message : String(err) });
  if (e.data.bytes) writer.write(e.data.bytes).then(() => post({ ack: true }), fail);
  else if (e.data.end) writer.close().then(() => result).then((blob) => post({ blob }), fail);
};
