// Output files are written whole or not at all: each goes to a temporary file next to its
// target and is renamed into place only once every file has been written.
import { closeSync, existsSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Fails early (before sampling) when an output path cannot be written. */
export function checkOutputPath(path: string | null, option: string): void {
  if (path === null) return;
  if (path.trim() === '') throw new Error(`${option} needs a file name`);
  const dir = dirname(resolve(path));
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`${option} '${path}': the folder '${dir}' does not exist`);
  }
  if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`${option} '${path}' is a directory`);
}

export type FileWriter = (write: (chunk: string) => void) => void;

/** Writes every file to a temporary sibling, then renames them all; on error removes them. */
export function writeFilesAtomically(files: { path: string; content: FileWriter }[]): void {
  const temps: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) {
      const tmp = `${f.path}.tmp-${process.pid}`;
      temps.push({ tmp, path: f.path });
      const fd = openSync(tmp, 'w');
      try {
        f.content((chunk) => { writeSync(fd, chunk); });
      } finally {
        closeSync(fd);
      }
    }
    for (const t of temps) renameSync(t.tmp, t.path);
  } catch (err) {
    for (const t of temps) { try { unlinkSync(t.tmp); } catch { /* not created */ } }
    throw err;
  }
}
