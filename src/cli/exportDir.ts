// --export-r / --export-python DIR: the Open in R / Python bundle (core/export/bundle.ts) as a new
// folder. Before sampling, planExportDir checks that DIR does not exist yet and that its parent
// takes new folders (and removes stale DIR.tmp-PID folders of dead processes). After sampling,
// stageExportDir writes every file into DIR.tmp-PID (listed in `temps`, so the signal handler and
// a failed --summary / --draws write remove it) and commitExportDir renames that folder to DIR only
// when all outputs are complete: DIR appears whole or not at all, nothing is left behind on failure.
import { closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { UsageError } from './args';
import { alive, errnoText } from './outputFiles';
import type { BundleFile } from '../core/export/bundle';

export interface ExportDirTarget {
  option: string;
  path: string;
  /** Absolute path of the folder to create. */
  real: string;
}

const shown = (p: string): string => (p.length > 60 ? `${p.slice(0, 60)}...` : p);

function removeStaleTempDirs(real: string): void {
  const base = basename(real);
  let names: string[];
  try { names = readdirSync(dirname(real)); } catch { return; }
  for (const name of names) {
    const pid = name.startsWith(`${base}.tmp-`) ? name.slice(base.length + 5) : '';
    if (!/^\d{1,10}$/.test(pid) || Number(pid) === process.pid || alive(Number(pid))) continue;
    try { rmSync(join(dirname(real), name), { recursive: true, force: true }); } catch { /* not ours to remove */ }
  }
}

/** Checks a new-folder option before sampling; null when it was not given. */
export function planExportDir(option: string, path: string | null): ExportDirTarget | null {
  if (path === null) return null;
  if (path.trim() === '') throw new UsageError(`${option} needs the name of a new folder`);
  const real = resolve(path);
  let exists = true;
  try { lstatSync(real); } catch { exists = false; }
  if (exists) throw new UsageError(`${option} '${shown(path)}' already exists; give the name of a new folder (it is created, never overwritten)`);
  const parent = dirname(real);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new UsageError(`${option} '${shown(path)}': the folder '${shown(parent)}' does not exist`);
  }
  removeStaleTempDirs(real);
  const probe = `${real}.tmp-${process.pid}`;
  try { mkdirSync(probe); rmSync(probe, { recursive: true, force: true }); } catch (err) {
    throw new UsageError(`${option} '${shown(path)}': cannot create folders in '${shown(parent)}' (${errnoText(err)})`);
  }
  return { option, path, real };
}

function writeFile(path: string, file: BundleFile): void {
  const fd = openSync(path, 'wx');
  try {
    let pending: string[] = [];
    let size = 0;
    const flush = () => {
      const buf = Buffer.from(pending.join(''), 'utf8');
      for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
      pending = [];
      size = 0;
    };
    file.write((chunk) => {
      pending.push(chunk);
      size += chunk.length;
      if (size >= 1 << 20) flush();
    });
    if (size > 0) flush();
  } finally {
    closeSync(fd);
  }
}

/** A bundle written to its temporary folder, waiting to be renamed into place. */
export interface StagedDir { target: ExportDirTarget; tmp: string }

/**
 * Writes the bundle into DIR.tmp-PID (listed in `temps`); commitExportDir renames it to DIR once
 * every other output is written too. On a failure the folder is removed and the error says why.
 */
export async function stageExportDir(target: ExportDirTarget, files: () => BundleFile[], temps: Set<string>): Promise<StagedDir> {
  const tmp = `${target.real}.tmp-${process.pid}`;
  temps.add(tmp);
  try {
    mkdirSync(tmp);
    for (const f of files()) {
      writeFile(join(tmp, f.path), f);
      await yieldToEvents();
    }
    return { target, tmp };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    temps.delete(tmp);
    throw new Error(`could not write ${target.option} '${shown(target.path)}': ${(err as NodeJS.ErrnoException).code ? errnoText(err) : (err as Error).message}`);
  }
}

/** Renames a staged folder to DIR (which must still not exist). */
export function commitExportDir(staged: StagedDir, temps: Set<string>): void {
  const { target, tmp } = staged;
  try {
    if (existsSync(target.real)) throw new Error('a file or folder of that name was made while the fit ran; nothing was written there');
    renameSync(tmp, target.real);
    temps.delete(tmp);
  } catch (err) {
    throw new Error(`could not write ${target.option} '${shown(target.path)}': ${(err as NodeJS.ErrnoException).code ? errnoText(err) : (err as Error).message}`);
  }
}
