// The "Open in R" and "Open in Python" bundles: the list of files, each written in chunks when
// asked (a fit's CSVs are never one string). The shells pack them: the browser into one zip (in
// a worker, app/workspace/exportBundle.worker.ts), the CLI into a new folder (--export-r).
//   data.csv       the rows and columns the model used (dataCsv.ts)
//   model.stan     the program (exportStan.ts), in the chosen array syntax (stanSyntax.ts)
//   standata.json  its data, as brms's make_standata gives it
//   chain_K.csv    one CmdStan CSV per chain (cmdstanWrite.ts, stanDraws.ts)
//   names.csv      Stan name -> brms name of every column (namesCsv.ts)
//   load_fit.R     (R) the brmsfit, without sampling (loadFitR.ts)
//   load_fit.py, arviz_coords.json  (Python) ArviZ InferenceData (loadFitPy.ts)
//   README.txt     what is where
import type { DataTable, SamplerSettings } from '../types';
import type { CompiledSpec } from '../model/spec';
import { stanData, stanProgram } from '../model/exportStan';
import { modelLayout } from '../model/layout';
import { programInSyntax, type StanSyntax } from './stanSyntax';
import { stanDrawWriter } from './stanDraws';
import { cmdstanChainFile, writeCmdStanCsv, type ExportChain } from './cmdstanWrite';
import { nameRows, namesCsvText } from './namesCsv';
import { tableOfRows, writeDataCsv } from './dataCsv';
import { loadFitR } from './loadFitR';
import { arvizCoords, loadFitPy } from './loadFitPy';

export type BundleTarget = 'r' | 'python';

export interface BundleInput {
  target: BundleTarget;
  syntax: StanSyntax;
  /** The model as compiled for the fit (compileSpec: the same parameterisation the chains ran). */
  compiled: CompiledSpec;
  /** The data table the fit was made from (all rows). */
  table: DataTable;
  /** Names of the draws' columns (the model's output names). */
  outputNames: readonly string[];
  /** Usable chains, each cut to the same number of post-warmup draws. */
  chains: readonly ExportChain[];
  settings: SamplerSettings;
  /** For the CmdStan header's model name. */
  stem: string;
}

export interface BundleFile {
  path: string;
  /** Writes the file's text, in chunks. */
  write(w: (chunk: string) => void): void;
}

const text = (path: string, content: string): BundleFile => ({ path, write: (w) => w(content) });

function readme(input: BundleInput, files: string[]): string {
  const py = input.target === 'python';
  return [
    `Multilevel Studio: ${input.compiled.formula.text} (${input.compiled.family}), ${input.chains.length} chains x ${input.chains[0]?.nDraws ?? 0} draws.`,
    '',
    py ? 'Python: python load_fit.py (needs arviz) gives an ArviZ InferenceData `idata`.'
      : 'R: Rscript load_fit.R, or source("load_fit.R"), gives the brmsfit `fit` (needs brms and rstan).',
    `The chain_K.csv files are CmdStan output CSVs of model.stan (${input.syntax === 'old' ? 'older Stan array syntax, for rstan 2.21-2.25' : 'current Stan syntax, CmdStan 2.33 and later'});`,
    'names.csv maps their Stan names to brms names. They are draws of Multilevel Studio\'s sampler, not of CmdStan:',
    'lp__ is its log density on its own coordinates, and the inverse metric in the header is its own.',
    '',
    'Files: ' + files.join(', '),
    '',
  ].join('\n');
}

/** The files of the bundle, in the order they are written. */
export function exportBundle(input: BundleInput): BundleFile[] {
  const c = input.compiled;
  const s = c.structure;
  if (input.chains.length === 0) throw new Error('The fit has no post-warmup draws to export yet.');
  const program = programInSyntax(stanProgram(c.design, c.family, c.priors, c.link), input.syntax);
  const data = stanData(c.design, c.family);
  const writer = stanDrawWriter(s, program, data, input.outputNames);
  const layout = modelLayout(s);
  const used = tableOfRows(input.table, c.design.rows);
  const modelName = `${input.stem.replace(/[^A-Za-z0-9_]/g, '_') || 'model'}_model`;
  const run = { modelName, settings: input.settings, syntax: input.syntax, dataFile: 'standata.json' };
  const ids = input.chains.map((ch) => ch.chainId);
  const files: BundleFile[] = [
    { path: 'data.csv', write: (w) => writeDataCsv(used, w) },
    text('model.stan', program),
    text('standata.json', JSON.stringify(data) + '\n'),
    ...input.chains.map((ch): BundleFile => ({ path: cmdstanChainFile(ch.chainId), write: (w) => writeCmdStanCsv(run, ch, writer, layout, w) })),
    text('names.csv', namesCsvText(nameRows(s, writer.variables))),
  ];
  if (input.target === 'r') files.push(text('load_fit.R', loadFitR(c, used, input.settings, ids)));
  else {
    files.push(text('arviz_coords.json', JSON.stringify(arvizCoords(s, writer.variables), null, 1) + '\n'));
    files.push(text('load_fit.py', loadFitPy(ids)));
  }
  const names = files.map((f) => f.path);
  return [text('README.txt', readme(input, ['README.txt', ...names])), ...files];
}
