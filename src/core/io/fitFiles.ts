// "Open fit": one or more files, each streamed in text chunks, read as one fit. A file that
// starts with `#` or whose first column is lp__ is CmdStan output (one file per chain); any
// other file is a draws CSV with .chain (one file holds every chain).
import { CmdStanCsvReader, combineCmdStanChains, type CmdStanChainRead } from './cmdstanCsv';
import { DrawsCsvReader } from './drawsCsvRead';
import { FitFileError, type ImportedFit } from './fitImport';

type Reader = CmdStanCsvReader | DrawsCsvReader;

export class FitFilesReader {
  private current: { name: string; head: string; reader: Reader | null } | null = null;
  private readonly cmdstan: CmdStanChainRead[] = [];
  private draws: ImportedFit | null = null;
  private drawsFile = '';

  startFile(name: string): void {
    if (this.current) this.endFile();
    this.current = { name, head: '', reader: null };
  }

  push(chunk: string): void {
    const c = this.current;
    if (!c) throw new Error('FitFilesReader.push before startFile');
    if (c.reader) { c.reader.push(chunk); return; }
    c.head += chunk;
    const text = c.head.replace(/^\uFEFF/, '');
    const nl = text.indexOf('\n');
    if (text.trimStart().startsWith('#') || nl >= 0) this.choose();
  }

  /** Picks the reader from the first line (or `#`) and hands it what was buffered. */
  private choose(): void {
    const c = this.current!;
    const text = c.head.replace(/^\uFEFF/, '');
    const first = text.split('\n', 1)[0].replace(/"/g, '').split(',')[0].trim();
    c.reader = text.trimStart().startsWith('#') || first === 'lp__' ? new CmdStanCsvReader(c.name) : new DrawsCsvReader(c.name);
    c.reader.push(text);
    c.head = '';
  }

  endFile(): void {
    const c = this.current;
    if (!c) return;
    if (!c.reader) this.choose();
    const r = c.reader!;
    this.current = null;
    if (r instanceof CmdStanCsvReader) {
      this.cmdstan.push(r.finish());
    } else {
      const fit = r.finish();
      if (this.draws) {
        throw new FitFileError(`${c.name} and ${this.drawsFile} are both draws CSVs; a draws CSV holds every chain, so open one at a time (CmdStan writes one file per chain, which can be opened together).`);
      }
      this.draws = fit;
      this.drawsFile = c.name;
    }
    if (this.draws && this.cmdstan.length > 0) {
      throw new FitFileError(`${this.drawsFile} is a draws CSV and ${this.cmdstan[0].chain.file} is CmdStan output; open the files of one fit only.`);
    }
  }

  finish(): ImportedFit {
    this.endFile();
    if (this.draws) return this.draws;
    return combineCmdStanChains(this.cmdstan);
  }
}

/** Reads whole files given as chunk lists (tests, the CLI). */
export function readFitFiles(files: { name: string; chunks: Iterable<string> }[]): ImportedFit {
  const r = new FitFilesReader();
  for (const f of files) {
    r.startFile(f.name);
    for (const c of f.chunks) r.push(c);
    r.endFile();
  }
  return r.finish();
}
