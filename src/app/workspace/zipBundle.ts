// Packs the Open in R / Python bundle (core/export/bundle.ts) into one zip with fflate's
// streaming deflate: each file's text chunks are encoded and compressed as they are written, so
// neither a file nor the archive is ever one string. Runs in exportBundle.worker.ts (and in Node
// for tests).
import { Zip, ZipDeflate } from 'fflate';
import type { BundleFile } from '../../core/export/bundle';

const FLUSH_BYTES = 1 << 20;

/** The zip's bytes, in pieces (a Blob takes them as they are). `onFile` is told each file's name. */
export function zipBundle(files: readonly BundleFile[], folder: string, onFile?: (path: string) => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else out.push(data);
  });
  const encoder = new TextEncoder();
  for (const f of files) {
    onFile?.(f.path);
    const entry = new ZipDeflate(`${folder}/${f.path}`, { level: 6 });
    zip.add(entry);
    let pending: string[] = [];
    let size = 0;
    f.write((chunk) => {
      pending.push(chunk);
      size += chunk.length;
      if (size >= FLUSH_BYTES) { entry.push(encoder.encode(pending.join(''))); pending = []; size = 0; }
    });
    entry.push(encoder.encode(pending.join('')), true);
  }
  zip.end();
  if (failed) throw failed;
  return out;
}
