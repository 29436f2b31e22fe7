// Reading the workspace state: the fit shown, the running fit, the editor's priors, whether the
// results shown belong to the model in the editor, and the brms-style header of a fit.
import { parsePriorString } from '../../../core/model/priorsParse';
import { getFamily } from '../../../core/families';
import type { DataTable } from '../../../core/types';
import type { RunStatus } from '../../../client/runController';
import type { DrawStore } from '../../../client/drawStore';
import type { EditorState, Fit, FitStatus, PriorSpec, WorkspaceState } from './types';

export const shownFit = (s: WorkspaceState): Fit | null => s.fits.find((f) => f.id === s.shownId) ?? null;
/** At most one fit samples at a time: Run waits for it, Stop stops it, whichever fit is shown. */
export const runningFit = (s: WorkspaceState): Fit | null => s.fits.find((f) => f.status === 'running') ?? null;
export const fitById = (s: WorkspaceState, id: number): Fit | null => s.fits.find((f) => f.id === id) ?? null;

/** A ChainRun's status as a fit's ('idle' only before a run's first event: it is running). */
export const statusOfRun = (r: RunStatus): FitStatus => (r === 'error' ? 'failed' : r === 'idle' ? 'running' : r);

/** The prior edits that parse go to the model; the others get their parser message. */
export function editorPriors(priorEdits: Readonly<Record<string, string>>): { userPriors: PriorSpec[]; priorErrors: Record<string, string> } {
  const userPriors: PriorSpec[] = [];
  const priorErrors: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, text] of Object.entries(priorEdits)) {
    const [cls, coef, group] = key.split('|');
    try {
      parsePriorString(text);
      userPriors.push({ prior: text.trim(), class: cls, ...(coef ? { coef } : {}), ...(group ? { group } : {}) });
    } catch (err) {
      priorErrors[key] = err instanceof Error ? err.message : String(err);
    }
  }
  return { userPriors, priorErrors };
}

const priorsKey = (priors: readonly PriorSpec[] | undefined): string =>
  JSON.stringify((priors ?? []).map((p) => [p.class, p.coef ?? '', p.group ?? '', p.prior.trim()]).sort());

/**
 * What differs between the model in the editor and the fit's (formula, family, priors, data), in
 * words; empty when the results belong to the model being edited. Draws opened from files have
 * no model to differ from.
 */
export function modelDifferences(editor: EditorState, table: DataTable | null, fit: Fit): string[] {
  if (fit.external) return [];
  const out: string[] = [];
  if (editor.formula.trim() !== fit.spec.formula.trim()) out.push('formula');
  if (editor.family !== fit.spec.family) out.push('family');
  else if ((linkOf(editor) ?? getFamily(editor.family).link) !== (linkOf(fit.spec) ?? getFamily(fit.spec.family).link)) out.push('link');
  if (priorsKey(editorPriors(editor.priorEdits).userPriors) !== priorsKey(fit.spec.priors)) out.push('priors');
  if (table !== fit.table) out.push('data');
  return out;
}

/** The link of the mean a spec asks for (ModelSpec.link; absent: the family's default). */
const linkOf = (spec: { link?: string }): string | undefined => (spec.link ? spec.link : undefined);

/** The fit's Links line as brms prints it ("mu = identity; sigma = identity"). */
export function fitLinks(fit: Fit): string {
  try {
    return getFamily(fit.spec.family, linkOf(fit.spec)).linksText;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

const fmt = (x: number) => x.toLocaleString('en-US');
const usable = (store: DrawStore): number[] => {
  const ids: number[] = [];
  for (let c = 1; c <= store.nChains; c++) if (store.nSampling(c) > 0) ids.push(c);
  return ids;
};

/** The data set's name as brms prints it after "Data:" (the file name without its extension). */
export const dataLabel = (name: string): string => name.replace(/\.(csv|tsv|txt)$/i, '') || name;

/**
 * The header of print.brmsfit for this fit: Family, Links, Formula, Data (name, number of
 * observations), Draws. A stopped fit's draws are every usable chain cut to the shortest, as its
 * summary and exports use them ("stopped: 4 chains x 1,492 draws").
 */
export function fitHeader(fit: Fit, store: DrawStore | null): { label: string; text: string }[] {
  const { chains, warmup, iter } = fit.settings;
  const ids = store ? usable(store) : [];
  let n = Infinity;
  for (const c of ids) n = Math.min(n, store!.nSampling(c));
  const common = Number.isFinite(n) ? n : 0;
  const draws = fit.status === 'stopped' || fit.status === 'failed'
    ? `${fit.status}: ${ids.length} chain${ids.length === 1 ? '' : 's'} x ${fmt(common)} draws; warmup = ${fmt(warmup)}; total post-warmup draws = ${fmt(ids.length * common)}`
    : `${fmt(chains)} chains, each with iter = ${fmt(warmup + Math.max(iter, common))}; warmup = ${fmt(warmup)}; thin = 1; total post-warmup draws = ${fmt(chains * Math.max(iter, common))}${fit.status === 'running' ? ' (running)' : ''}`;
  if (fit.external) {
    return [
      { label: 'Data', text: `${fit.external.files.join(', ')} (no model: the files hold draws only)` },
      { label: 'Draws', text: draws },
    ];
  }
  const nObs = fit.data.nObs;
  return [
    { label: 'Family', text: fit.spec.family },
    { label: 'Links', text: fitLinks(fit) },
    { label: 'Formula', text: fit.spec.formula },
    { label: 'Data', text: `${dataLabel(fit.data.name)} (Number of observations: ${nObs > 0 ? fmt(nObs) : 'not known yet'})` },
    { label: 'Draws', text: draws },
  ];
}

/** The response of a formula (left of ~, before any | addition terms), for comparing fits. */
export const responseOf = (formula: string): string => formula.split('~')[0].split('|')[0].trim();
