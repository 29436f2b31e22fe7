// The workspace store (src/app/workspace/store): fits are added and replaced by new records,
// never changed in place; default names; delete, show, compare; the editor; stale detection and
// the brms-style header.
import { describe, expect, it } from 'vitest';
import { DrawStore } from '../../src/client/drawStore';
import { DEFAULT_SETTINGS, type DataTable } from '../../src/core/types';
import { initialWorkspace, workspaceReducer } from '../../src/app/workspace/store/reducer';
import { dataLabel, editorPriors, fitHeader, modelDifferences, responseOf, runningFit, shownFit, statusOfRun } from '../../src/app/workspace/store/selectors';
import type { WorkspaceAction } from '../../src/app/workspace/store/actions';
import type { WorkspaceState } from '../../src/app/workspace/store/types';
import { makeFit } from '../../src/app/workspace/fit';

const table: DataTable = { name: 'sleepstudy.csv', nRows: 180, columns: [] };
const spec = { formula: 'Reaction ~ Days + (1 | Subject)', family: 'gaussian' as const, priors: [] };
const fitOf = (id: number, extra: Parameters<typeof makeFit>[0] extends infer T ? Partial<T> : never = {}) =>
  makeFit({ id, source: 'run', spec, settings: DEFAULT_SETTINGS, table, ...extra });
const run = (actions: WorkspaceAction[], from: WorkspaceState = initialWorkspace) => actions.reduce(workspaceReducer, from);

function storeWith(sampling: number[], warmup = 5): DrawStore {
  const s = new DrawStore(['b_Intercept'], sampling.length);
  sampling.forEach((n, i) => {
    s.append(i + 1, { phase: 'warmup', count: warmup, draws: new Float64Array(warmup), stats: new Float64Array(7 * warmup) });
    if (n > 0) s.append(i + 1, { phase: 'sampling', count: n, draws: new Float64Array(n), stats: new Float64Array(7 * n) });
  });
  return s;
}

describe('workspace reducer: fits', () => {
  it('adds fits with default names "model 1", "model 2" and shows the newest; a given name is kept', () => {
    const s = run([{ type: 'fit/added', fit: fitOf(1) }, { type: 'fit/added', fit: fitOf(2) }, { type: 'fit/added', fit: fitOf(3, { name: 'draws' }) }]);
    expect(s.fits.map((f) => f.name)).toEqual(['model 1', 'model 2', 'draws']);
    expect(shownFit(s)?.id).toBe(3);
  });
  it('a status change makes a new record; the old one is unchanged and frozen', () => {
    const s1 = run([{ type: 'fit/added', fit: fitOf(1, { status: 'running' }) }]);
    const before = s1.fits[0];
    const s2 = workspaceReducer(s1, { type: 'fit/updated', id: 1, update: { status: 'stopped', wallSeconds: 3, stopReason: 'Stopped' } });
    expect(before.status).toBe('running');
    expect(Object.isFrozen(before)).toBe(true);
    expect(s2.fits[0]).not.toBe(before);
    expect(s2.fits[0]).toMatchObject({ id: 1, status: 'stopped', wallSeconds: 3, stopReason: 'Stopped', name: 'model 1' });
    expect(Object.isFrozen(s2.fits[0])).toBe(true);
    expect(() => { (s2.fits[0] as { status: string }).status = 'done'; }).toThrow();
  });
  it('refuses to add a fit id twice', () => {
    expect(() => run([{ type: 'fit/added', fit: fitOf(1) }, { type: 'fit/added', fit: fitOf(1) }])).toThrow(/already/);
  });
  it('renames (trimmed; a blank name keeps the old one)', () => {
    const s = run([{ type: 'fit/added', fit: fitOf(1) }, { type: 'fit/renamed', id: 1, name: '  random slope ' }]);
    expect(s.fits[0].name).toBe('random slope');
    expect(workspaceReducer(s, { type: 'fit/renamed', id: 1, name: '  ' }).fits[0].name).toBe('random slope');
  });
  it('deleting the fit shown shows the newest left, and drops it from the comparison', () => {
    const s = run([1, 2, 3].map((id) => ({ type: 'fit/added', fit: fitOf(id) }) as WorkspaceAction)
      .concat([{ type: 'compare/toggle', id: 3 }, { type: 'compare/toggle', id: 1 }, { type: 'fit/deleted', id: 3 }]));
    expect(s.fits.map((f) => f.id)).toEqual([1, 2]);
    expect(s.shownId).toBe(2);
    expect(s.compareIds).toEqual([1]);
    expect(run([{ type: 'fit/deleted', id: 1 }, { type: 'fit/deleted', id: 2 }], s).shownId).toBeNull();
  });
  it('shows only fits it has; compare toggles in the order picked', () => {
    const s = run([{ type: 'fit/added', fit: fitOf(1) }, { type: 'fit/added', fit: fitOf(2) }, { type: 'fit/shown', id: 9 }]);
    expect(s.shownId).toBe(2);
    const c = run([{ type: 'compare/toggle', id: 2 }, { type: 'compare/toggle', id: 1 }, { type: 'compare/toggle', id: 7 }], s);
    expect(c.compareIds).toEqual([2, 1]);
    expect(workspaceReducer(c, { type: 'compare/toggle', id: 2 }).compareIds).toEqual([1]);
  });
  it('runningFit finds the one fit that samples, whichever is shown', () => {
    const s = run([{ type: 'fit/added', fit: fitOf(1, { status: 'running' }) }, { type: 'fit/added', fit: fitOf(2) }]);
    expect(runningFit(s)?.id).toBe(1);
    expect(runningFit(workspaceReducer(s, { type: 'fit/updated', id: 1, update: { status: 'done' } }))).toBeNull();
  });
  it('maps run statuses to fit statuses', () => {
    expect(['idle', 'running', 'done', 'stopped', 'error'].map((r) => statusOfRun(r as never))).toEqual(['running', 'running', 'done', 'stopped', 'failed']);
  });
});

describe('workspace reducer: editor and preparation', () => {
  it('edits and loads the model; prior edits are added and removed by key', () => {
    const s = run([
      { type: 'editor/formula', formula: 'y ~ x' }, { type: 'editor/family', family: 'poisson' },
      { type: 'editor/prior', key: 'b||', value: 'normal(0, 1)' }, { type: 'editor/prior', key: 'sd||', value: 'x' },
      { type: 'editor/prior', key: 'sd||', value: null },
    ]);
    expect(s.editor).toMatchObject({ formula: 'y ~ x', family: 'poisson', priorEdits: { 'b||': 'normal(0, 1)' } });
    const loaded = workspaceReducer(s, { type: 'editor/load', editor: { formula: 'z ~ 1', priorEdits: {} } });
    expect(loaded.editor).toMatchObject({ formula: 'z ~ 1', family: 'poisson', priorEdits: {} });
  });
  it('the link: set by editor/link; a new family comes with its default link', () => {
    const probit = run([{ type: 'editor/family', family: 'bernoulli' }, { type: 'editor/link', link: 'probit' }]);
    expect(probit.editor).toMatchObject({ family: 'bernoulli', link: 'probit' });
    const next = workspaceReducer(probit, { type: 'editor/family', family: 'binomial' });
    expect(next.editor.family).toBe('binomial');
    expect(next.editor.link).toBeUndefined();
  });
  it('a repeated error for the same model stays while it is checked again; ok keeps the last good', () => {
    const error = { name: 'FormulaError', message: 'bad' };
    const s = run([{ type: 'prep/error', key: 'k', error }, { type: 'prep/pending', key: 'k' }]);
    expect(s.prep.kind).toBe('error');
    expect(workspaceReducer(s, { type: 'prep/pending', key: 'other' }).prep.kind).toBe('pending');
    const prepared = { messages: [] } as never;
    const ok = run([{ type: 'prep/ok', key: 'k2', prepared }, { type: 'prep/pending', key: 'k3' }], s);
    expect(ok.lastGood).toBe(prepared);
  });
});

describe('selectors', () => {
  it('editorPriors keeps the priors that parse and names the error of the others', () => {
    const { userPriors, priorErrors } = editorPriors({ 'b|Days|': ' normal(0, 10) ', 'sd||Subject': 'normal(0,' });
    expect(userPriors).toEqual([{ prior: 'normal(0, 10)', class: 'b', coef: 'Days' }]);
    expect(Object.keys(priorErrors)).toEqual(['sd||Subject']);
  });
  it('modelDifferences names what the editor changed: formula, family, priors, data', () => {
    const fit = fitOf(1, { spec: { ...spec, priors: [{ prior: 'normal(0, 10)', class: 'b' }] } });
    const editor = { ...initialWorkspace.editor, formula: ` ${spec.formula}`, family: 'gaussian' as const, priorEdits: { 'b||': 'normal(0, 10)' } };
    expect(modelDifferences(editor, table, fit)).toEqual([]);
    expect(modelDifferences({ ...editor, formula: 'Reaction ~ Days + (Days | Subject)' }, table, fit)).toEqual(['formula']);
    expect(modelDifferences({ ...editor, family: 'student', priorEdits: {} }, { ...table }, fit)).toEqual(['family', 'priors', 'data']);
    expect(modelDifferences({ ...editor, formula: 'x' }, null, fitOf(2, { external: { format: 'cmdstan', files: ['a.csv'], meta: [], statsPresent: [] } }))).toEqual([]);
  });
  it('modelDifferences and fitHeader read the link (absent: the family default)', () => {
    const probit = fitOf(3, { spec: { formula: 'y ~ x', family: 'bernoulli', priors: [], link: 'probit' } });
    const editor = { ...initialWorkspace.editor, formula: 'y ~ x', family: 'bernoulli' as const };
    expect(modelDifferences(editor, table, probit)).toEqual(['link']);
    expect(modelDifferences({ ...editor, link: 'probit' }, table, probit)).toEqual([]);
    expect(modelDifferences({ ...editor, link: 'logit' }, table, fitOf(4, { spec: { formula: 'y ~ x', family: 'bernoulli', priors: [] } }))).toEqual([]);
    expect(fitHeader(probit, null).find((l) => l.label === 'Links')!.text).toBe('mu = probit');
  });
  it('fitHeader prints brms\'s Family, Links, Formula, Data and Draws lines', () => {
    const fit = fitOf(1, { data: { name: 'sleepstudy.csv', nRows: 180, nObs: 180, dropped: [] }, settings: { ...DEFAULT_SETTINGS, chains: 4, warmup: 1000, iter: 1000 } });
    expect(fitHeader(fit, storeWith([1000, 1000, 1000, 1000]))).toEqual([
      { label: 'Family', text: 'gaussian' },
      { label: 'Links', text: 'mu = identity; sigma = identity' },
      { label: 'Formula', text: 'Reaction ~ Days + (1 | Subject)' },
      { label: 'Data', text: 'sleepstudy (Number of observations: 180)' },
      { label: 'Draws', text: '4 chains, each with iter = 2,000; warmup = 1,000; thin = 1; total post-warmup draws = 4,000' },
    ]);
  });
  it('fitHeader after Stop: the chains used, cut to the shortest', () => {
    const fit = fitOf(1, { status: 'stopped', settings: { ...DEFAULT_SETTINGS, chains: 4, warmup: 1000, iter: 2000 } });
    const draws = fitHeader(fit, storeWith([1500, 1492, 1600, 0])).find((l) => l.label === 'Draws')!.text;
    expect(draws).toBe('stopped: 3 chains x 1,492 draws; warmup = 1,000; total post-warmup draws = 4,476');
  });
  it('dataLabel and responseOf', () => {
    expect(dataLabel('sleepstudy.csv')).toBe('sleepstudy');
    expect(dataLabel('radon')).toBe('radon');
    expect(responseOf('successes | trials(n) ~ x')).toBe('successes');
  });
});

describe('which fits get a PSIS-LOO', () => {
  it('done or stopped fits with a model and draws, once; not running, failed or opened ones', async () => {
    const { needsLoo } = await import('../../src/app/workspace/useFitLoo');
    const store = storeWith([10, 10]);
    const restored = { store, progress: [], nObs: 0 };
    expect(needsLoo(fitOf(1, { restored }))).toBe(true);
    expect(needsLoo(fitOf(2, { restored, status: 'stopped' }))).toBe(true);
    expect(needsLoo(fitOf(3, { restored, status: 'running' }))).toBe(false);
    expect(needsLoo(fitOf(4, { restored, status: 'failed' }))).toBe(false);
    expect(needsLoo(fitOf(5, { restored, loo: { state: 'pending' } }))).toBe(false);
    expect(needsLoo(fitOf(6, { restored, external: { format: 'draws-csv', files: ['d.csv'], meta: [], statsPresent: [] } }))).toBe(false);
    expect(needsLoo(fitOf(7))).toBe(false); // no draws
  });
  it('an update of a fit no longer in the session changes nothing', () => {
    const s = run([{ type: 'fit/added', fit: fitOf(1) }]);
    expect(workspaceReducer(s, { type: 'fit/updated', id: 9, update: { status: 'failed' } }).fits).toEqual(s.fits);
  });
});
