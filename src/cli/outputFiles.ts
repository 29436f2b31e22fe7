// The CLI's output files (issue 22 items 1-3). Before sampling, planOutputs resolves every output
// path, refuses one that is the --data file or another output (resolved paths, symlinks and hard
// links included), checks that its folder takes new files, and removes stale temporary files of
// dead processes. After sampling, writeOutputs writes regular files whole or not at all: each to
// NAME.tmp-PID next to its real target, renamed into place only once all are complete; special
// files and pipes (/dev/stdout, /dev/full, FIFOs, symlinks to them) are written directly, never
// replaced. The temporary files are listed in `temps` so the signal handler can remove them.
import {
  accessSync, closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync,
  statSync, unlinkSync, writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setImmediate as yieldToEvents, setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from './args';

export interface OutputTarget {
  option: string;
  /** As the user gave it (for messages). */
  path: string;
  /** Where the bytes go: symlinks followed, so a symlink is never replaced. */
  real: string;
  /** A special file or pipe, opened and written in place. */
  direct: boolean;
}

export type FileWriter = (write: (chunk: string) => void) => void;

const shown = (p: string): string => (p.length > 60 ? `${p.slice(0, 60)}...` : p);

/** The path a symlink chain ends at, even when the last target does not exist yet. */
function followLinks(abs: string): string {
  let p = abs;
  for (let hops = 0; hops < 40; hops++) {
    let st: Stats;
    try { st = lstatSync(p); } catch { return join(realFolder(dirname(p)), basename(p)); }
    if (!st.isSymbolicLink()) return join(realFolder(dirname(p)), basename(p));
    p = resolve(dirname(p), readlinkSync(p));
  }
  return p;
}

function realFolder(dir: string): string {
  try { return realpathSync(dir); } catch { return dir; }
}

function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch { return null; }
}

function resolveTarget(option: string, path: string): OutputTarget {
  if (path.trim() === '') throw new UsageError(`${option} needs a file name`);
  const abs = resolve(path);
  let existing: Stats | null = null;
  try { existing = statSync(abs); } catch { existing = null; }
  if (existing?.isDirectory()) throw new UsageError(`${option} '${shown(path)}' is a directory; give a file name`);
  // A special file is opened through the path given (/dev/stdout -> /proc/self/fd/1 -> a pipe
  // has no real path); a regular file or a new one through its real path.
  if (existing && !existing.isFile()) return { option, path, real: abs, direct: true };
  const real = existing ? realpathSync(abs) : followLinks(abs);
  const dir = dirname(real);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`${option} '${shown(path)}': the folder '${shown(dir)}' does not exist`);
  }
  return { option, path, real, direct: false };
}

/** The process with this id is alive (EPERM: alive, another user's). */
export function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true; } catch (err) { return (err as NodeJS.ErrnoException).code === 'EPERM'; }
}

/** Removes NAME.tmp-PID next to `real` for every PID that is not a live process. */
function removeStaleTemps(real: string): void {
  const base = basename(real);
  let names: string[];
  try { names = readdirSync(dirname(real)); } catch { return; }
  for (const name of names) {
    if (!name.startsWith(`${base}.tmp-`)) continue;
    const pidText = name.slice(base.length + 5);
    if (!/^\d{1,10}$/.test(pidText)) continue;
    const pid = Number(pidText);
    if (pid === process.pid || alive(pid)) continue;
    try { unlinkSync(join(dirname(real), name)); } catch { /* gone already, or not ours to remove */ }
  }
}

/** A failed file operation's cause in words. */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EROFS': return 'read-only file system';
    case 'ENOSPC': return 'no space left on the device';
    case 'EDQUOT': return 'disk quota exceeded';
    case 'EPIPE': return 'the reading end of the pipe was closed';
    case 'EISDIR': return 'it is a directory';
    default: return code ?? (err as Error).message;
  }
}

/** Checks that a new file can be created next to `t.real` (a probe file, removed at once). */
function checkWritable(t: OutputTarget): void {
  if (t.direct) {
    try { accessSync(t.real, constants.W_OK); } catch (err) {
      throw new UsageError(`${t.option} '${shown(t.path)}' cannot be written (${errnoText(err)})`);
    }
    return;
  }
  const probe = `${t.real}.tmp-${process.pid}`;
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (err) {
    throw new UsageError(`${t.option} '${shown(t.path)}': cannot create files in the folder '${shown(dirname(t.real))}' (${errnoText(err)})`);
  }
}

/**
 * Resolves and checks the outputs before sampling: none may be the data file or another output;
 * each folder must take new files. Also removes stale NAME.tmp-PID files of dead processes.
 */
export function planOutputs(dataPath: string, outputs: { option: string; path: string | null }[]): OutputTarget[] {
  const targets = outputs.filter((o): o is { option: string; path: string } => o.path !== null)
    .map((o) => resolveTarget(o.option, o.path));
  const dataReal = existsSync(dataPath) ? realpathSync(dataPath) : resolve(dataPath);
  const dataId = identity(dataPath);
  targets.forEach((t, i) => {
    const id = identity(t.real);
    if (t.real === dataReal || (id !== null && id === dataId)) {
      throw new UsageError(`${t.option} '${shown(t.path)}' is the --data file; write the output to another file`);
    }
    for (const u of targets.slice(0, i)) {
      if (t.direct && u.direct) continue; // e.g. both to /dev/null
      if (u.real === t.real || (id !== null && id === identity(u.real))) {
        throw new UsageError(`${u.option} '${shown(u.path)}' and ${t.option} '${shown(t.path)}' are the same file; give them different paths`);
      }
    }
  });
  for (const t of targets) {
    checkWritable(t);
    if (!t.direct) removeStaleTemps(t.real);
  }
  return targets;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes `content` to an open descriptor in blocks (every byte: a pipe may take part of a block). */
function writeAll(fd: number, content: FileWriter): void {
  let pending: string[] = [];
  let size = 0;
  const flush = (): void => {
    const buf = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    size = 0;
    for (let off = 0; off < buf.length;) {
      try {
        off += writeSync(fd, buf, off, buf.length - off);
      } catch (err) {
        // A non-blocking descriptor (stdout as libuv leaves it) with a full pipe: wait, retry.
        if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
        Atomics.wait(pause, 0, 0, 5);
      }
    }
  };
  content((chunk) => {
    pending.push(chunk);
    size += chunk.length;
    if (size >= 1 << 20) flush();
  });
  if (size > 0) flush();
}

/**
 * Opens a special file for writing. A FIFO's open waits for a reader; a blocked open (on this
 * thread or libuv's pool, whose threads are joined at exit) would keep a signal from ending the
 * process, so the FIFO is probed without blocking (ENXIO: no reader yet) every 50 ms, and opened
 * for normal (blocking) writes while the probe still holds it open, so the reader sees no EOF.
 */
async function openDirect(path: string): Promise<{ fd: number; own: boolean }> {
  const st = statSync(path);
  // This process's stdout or stderr (/dev/stdout, /dev/fd/2): its descriptor, since a socket
  // (a parent's spawnSync) cannot be opened again through /proc.
  for (const fd of [1, 2]) {
    try {
      const s = fstatSync(fd);
      if (s.dev === st.dev && s.ino === st.ino) return { fd, own: false };
    } catch { /* closed */ }
  }
  return { fd: st.isFIFO() ? await openFifo(path) : openSync(path, 'w'), own: true };
}

async function openFifo(path: string): Promise<number> {
  for (;;) {
    let probe: number;
    try {
      probe = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENXIO') throw err;
      await sleep(50);
      continue;
    }
    try { return openSync(path, constants.O_WRONLY); } finally { closeSync(probe); }
  }
}

/**
 * Writes every output. Regular files go to `${real}.tmp-PID` (listed in `temps` while they exist)
 * and are renamed into place after all outputs are written; the event loop runs between files so
 * a signal is handled before anything is renamed. Special files are written directly (openDirect:
 * a FIFO waits for its reader, and Ctrl-C still works). On an error every
 * temporary file is removed and the error names the option and the cause.
 */
export async function writeOutputs(files: { target: OutputTarget; content: FileWriter }[], temps: Set<string>): Promise<void> {
  const renames: { tmp: string; real: string }[] = [];
  let current = files[0]?.target;
  try {
    for (const f of files.filter((x) => !x.target.direct)) {
      current = f.target;
      const tmp = `${f.target.real}.tmp-${process.pid}`;
      temps.add(tmp);
      const fd = openSync(tmp, 'w');
      try { writeAll(fd, f.content); } finally { closeSync(fd); }
      renames.push({ tmp, real: f.target.real });
      await yieldToEvents();
    }
    for (const f of files.filter((x) => x.target.direct)) {
      current = f.target;
      const { fd, own } = await openDirect(f.target.real);
      try { writeAll(fd, f.content); } finally { if (own) closeSync(fd); }
      await yieldToEvents();
    }
    for (const r of renames) { renameSync(r.tmp, r.real); temps.delete(r.tmp); }
  } catch (err) {
    removeTemps(temps);
    const where = current ? `${current.option} '${shown(current.path)}'` : 'the outputs';
    throw new Error(`could not write ${where}: ${errnoText(err)}`);
  }
}

/** Removes the temporary files (and --export-r's temporary folders) still listed (also from a signal handler). */
export function removeTemps(temps: Set<string>): void {
  for (const t of temps) { try { rmSync(t, { recursive: true, force: true }); } catch { /* not created yet */ } }
  temps.clear();
}
