// The model specification: formula (with the data's columns at hand), family and link, priors table
// (brms defaults, every row editable) and sampler settings.
import { memo, useRef, useState, type ReactNode } from 'react';
import type { DataTable, FamilyName, MetricSetting, PriorRow } from '../../core/types';
import { FAMILIES } from '../../core/model/spec';
import { familyLinks, getFamily } from '../../core/families';
import { deparseName } from '../../core/formula/deparse';
import type { WorkerError } from './analysisWorker';
import type { SettingsForm } from './settings';

export const priorKey = (r: { class: string; coef?: string; group?: string }) => `${r.class}|${r.coef ?? ''}|${r.group ?? ''}`;

export function FormulaError({ error }: { error: WorkerError }) {
  return (
    <div className="ws-error" role="alert" aria-label="Formula error">
      <p className="ws-error-text">{error.message}</p>
      {error.caret ? <pre className="ws-caret">{error.caret}</pre> : null}
    </div>
  );
}

/** Variable chips shown at most; wider tables get a filter box (10,000 buttons froze the page). */
export const MAX_CHIPS = 40;

export const FormulaBox = memo(function FormulaBox({ table, formula, onFormula, family, onFamily, link, onLink, error, preparing, suggestion }: {
  table: DataTable | null;
  formula: string;
  onFormula: (f: string) => void;
  family: FamilyName;
  /** Picks a family (its default link with it). */
  onFamily: (f: FamilyName) => void;
  /** The link of the mean, one of the family's (brms: bernoulli(link = "probit")). */
  link: string;
  onLink: (l: string) => void;
  error: WorkerError | null;
  preparing: boolean;
  suggestion: { name: string; formula: string; family: FamilyName } | null;
}) {
  const input = useRef<HTMLInputElement>(null);
  const [chipFilter, setChipFilter] = useState('');
  const wanted = chipFilter.trim().toLowerCase();
  const matching = !table ? [] : wanted === '' ? table.columns.slice(0, MAX_CHIPS) : table.columns.filter((c) => c.name.toLowerCase().includes(wanted));
  const chips = matching.slice(0, MAX_CHIPS);
  const insert = (text: string) => {
    const el = input.current;
    if (!el) { onFormula(formula + text); return; }
    const start = el.selectionStart ?? formula.length;
    const end = el.selectionEnd ?? formula.length;
    const before = formula.slice(0, start);
    const pad = before.length > 0 && !/[\s(~+*:|/]$/.test(before) ? ' ' : '';
    const next = before + pad + text + formula.slice(end);
    onFormula(next);
    requestAnimationFrame(() => {
      el.focus();
      const at = start + pad.length + text.length;
      el.setSelectionRange(at, at);
    });
  };
  return (
    <div className="ws-formula">
      <div className="ws-row">
        <label className="ws-field ws-grow">
          <span className="ws-label">Formula</span>
          <input
            ref={input}
            className={`ws-formula-input${error?.caret ? ' ws-invalid' : ''}`}
            type="text"
            value={formula}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            placeholder="y ~ x + (1 | group)"
            onChange={(e) => onFormula(e.target.value)}
          />
        </label>
        <label className="ws-field">
          <span className="ws-label">Family</span>
          <select value={family} onChange={(e) => onFamily(e.target.value as FamilyName)}>
            {FAMILIES.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </label>
        <label className="ws-field">
          <span className="ws-label">Link</span>
          {/* only this family's links, its default (brms's) first */}
          <select value={link} onChange={(e) => onLink(e.target.value)} disabled={familyLinks(getFamily(family)).length < 2}>
            {familyLinks(getFamily(family)).map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </label>
      </div>
      {table ? (
        <div className="ws-columns" role="group" aria-label="Variables">
          <span className="ws-hint">Variables (click to insert):</span>
          {table.columns.length > MAX_CHIPS ? (
            <input type="search" className="ws-chip-filter" aria-label="Filter variables" placeholder={`Filter ${table.columns.length} variables`}
              value={chipFilter} onChange={(e) => setChipFilter(e.target.value)} />
          ) : null}
          {chips.map((c) => (
            <button key={c.name} type="button" className="ws-chip" title={`Insert ${c.name} (${c.numeric === null || c.asFactor ? 'factor' : c.type})`} onClick={() => insert(deparseName(c.name))}>
              {c.name}<span className="ws-chip-type">{c.numeric === null || c.asFactor ? 'factor' : c.type}</span>
            </button>
          ))}
          {table.columns.length > chips.length ? (
            <span className="ws-hint">{wanted === '' ? `first ${chips.length} of ${table.columns.length}; type to find others`
              : matching.length > chips.length ? `${chips.length} of ${matching.length} matches` : matching.length === 0 ? 'no match' : ''}</span>
          ) : null}
        </div>
      ) : null}
      {suggestion ? (
        <p className="ws-hint" aria-label="Suggested model">
          Suggested for {suggestion.name}: <code>{suggestion.formula}</code> ({suggestion.family})
          {suggestion.formula !== formula || suggestion.family !== family ? (
            <button type="button" className="ws-link" onClick={() => { onFormula(suggestion.formula); onFamily(suggestion.family); }}>use it</button>
          ) : null}
        </p>
      ) : null}
      {error ? <FormulaError error={error} /> : preparing ? <p className="ws-hint" aria-live="polite">Checking the model…</p> : null}
    </div>
  );
});

export const PriorsTable = memo(function PriorsTable({ rows, edits, onEdit, errors }: {
  rows: PriorRow[];
  edits: Record<string, string>;
  onEdit: (key: string, value: string | null) => void;
  errors: Record<string, string>;
}) {
  return (
    <div className="ws-scroll-x">
      <table className="ws-table ws-priors" aria-label="Priors">
        <thead>
          <tr><th scope="col">class</th><th scope="col">coef</th><th scope="col">group</th><th scope="col">prior</th><th scope="col">source</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const key = priorKey(r);
            const edited = edits[key] !== undefined;
            const value = edited ? edits[key] : r.prior;
            const label = `Prior for ${[r.class, r.coef, r.group].filter(Boolean).join(' ')}`;
            return (
              <tr key={key} className={edited ? 'ws-edited' : undefined}>
                <td>{r.class}</td><td>{r.coef}</td><td>{r.group}</td>
                <td>
                  <input
                    type="text" className="ws-prior-input" aria-label={label} value={value}
                    placeholder={r.coef || r.group ? '(inherited)' : '(flat)'} spellCheck={false}
                    aria-invalid={errors[key] ? true : undefined}
                    onChange={(e) => onEdit(key, e.target.value)}
                  />
                  {errors[key] ? <div className="ws-field-error" role="alert">{errors[key]}</div> : null}
                </td>
                <td>
                  {edited ? (
                    <button type="button" className="ws-link" aria-label={`Reset ${label.toLowerCase()}`} onClick={() => onEdit(key, null)}>user · reset</button>
                  ) : r.source}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});

function Field({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <label className="ws-field ws-setting">
      <span className="ws-label">{label}</span>
      {children}
      {error ? <span className="ws-field-error" role="alert">{error}</span> : null}
    </label>
  );
}

export const SettingsFields = memo(function SettingsFields({ form, onChange, errors, disabled }: {
  form: SettingsForm;
  onChange: (f: SettingsForm) => void;
  errors: Partial<Record<keyof SettingsForm, string>>;
  disabled: boolean;
}) {
  const num = (key: Exclude<keyof SettingsForm, 'metric' | 'adaptation' | 'stopWhenConverged'>, label: string, step = '1') => (
    <Field label={label} error={errors[key]}>
      <input
        type="number" inputMode="decimal" step={step} value={form[key]} disabled={disabled}
        aria-invalid={errors[key] ? true : undefined}
        onChange={(e) => onChange({ ...form, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <fieldset className="ws-settings">
      <legend>Sampler settings</legend>
      {num('chains', 'Chains')}
      {num('warmup', 'Warmup')}
      {num('iter', 'Iterations')}
      {num('seed', 'Seed')}
      {num('adaptDelta', 'adapt_delta', '0.01')}
      {num('maxTreedepth', 'Max treedepth')}
      <Field label="Metric">
        <select
          value={form.metric} disabled={disabled}
          title="auto: diagonal, or dense when the warmup draws are strongly correlated and a dense metric pays for its cost (fast adaptation). diag / dense: as Stan."
          onChange={(e) => onChange({ ...form, metric: e.target.value as MetricSetting })}
        >
          <option value="auto">auto</option>
          <option value="diag">diag</option>
          <option value="dense">dense</option>
        </select>
      </Field>
      <Field label="Warmup adaptation">
        <select
          value={form.adaptation} disabled={disabled}
          title="fast: the diagonal metric re-estimated from draws and gradients after every warmup iteration, then Stan's last window. stan: Stan's adaptation exactly."
          onChange={(e) => onChange({ ...form, adaptation: e.target.value as 'fast' | 'stan' })}
        >
          <option value="fast">fast</option>
          <option value="stan">Stan</option>
        </select>
      </Field>
      <Field label="Stop when converged">
        <input
          type="checkbox" checked={form.stopWhenConverged} disabled={disabled}
          title="Ends sampling once every parameter has R-hat below 1.01 and bulk and tail ESS above the target, checked as draws arrive. Sample more then continues to the requested iterations."
          onChange={(e) => onChange({ ...form, stopWhenConverged: e.target.checked })}
        />
      </Field>
      {form.stopWhenConverged ? num('essTarget', 'ESS target') : null}
    </fieldset>
  );
});
