// "Split into between and within": a numeric column x and a grouping column g give two derived
// columns, x_between (the mean of x in each group) and x_within (x minus it), for the
// within-between model y ~ x_within + x_between + (1 | g) (design/withinBetween.ts).
import { useState, type FormEvent } from 'react';
import { DerivedColumnError, splitWithinBetweenAsync, type WithinBetweenSplit as Split } from '../../core/design/withinBetween';
import type { DataColumn, DataTable } from '../../core/types';

/** Yields to the browser (paint, input) between the split's steps. */
const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Above this many columns a picker is a search box with at most PICKER_MATCHES suggestions (a
 * select of 10,000 options takes the main thread for about a second to build). */
const PICKER_SELECT_MAX = 200;
const PICKER_MATCHES = 50;

/** A column picker: a select for ordinary tables, a filtered search box for wide ones. */
function ColumnPicker({ label, names, value, onChange }: { label: string; names: string[]; value: string; onChange: (v: string) => void }) {
  const [typed, setTyped] = useState<string | null>(null);
  if (names.length <= PICKER_SELECT_MAX) {
    return (
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {names.map((n) => <option key={n} value={n}>{n}</option>)}
      </select>
    );
  }
  const text = typed ?? value;
  const needle = text.toLowerCase();
  const matches: string[] = [];
  for (const n of names) {
    if (matches.length >= PICKER_MATCHES) break;
    if (n.toLowerCase().includes(needle)) matches.push(n);
  }
  const listId = `wb-${label.replace(/\W+/g, '-')}`;
  return (
    <>
      <input type="search" aria-label={label} list={listId} value={text} size={14}
        onChange={(e) => { setTyped(e.target.value); if (names.includes(e.target.value)) onChange(e.target.value); }} />
      <datalist id={listId}>{matches.map((n) => <option key={n} value={n} />)}</datalist>
    </>
  );
}

/**
 * `onAdd` gets the split and the columns it was computed from: the caller adds it only if those
 * are still the table's (the user may load another file while a big table is split).
 */
export function WithinBetweenSplit({ table, onAdd }: { table: DataTable; onAdd: (split: Split, from: DataColumn[]) => void }) {
  const numeric = table.columns.filter((c) => c.numeric !== null && !c.asFactor && !c.derived);
  const groups = table.columns.filter((c) => !c.derived);
  const [source, setSource] = useState('');
  const [group, setGroup] = useState('');
  /** The last split's outcome; `column` names the column an 'ok' message is about (hidden once removed). */
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string; column?: string } | null>(null);
  // Defaults: the first numeric column, and the first other column read as a factor (else any other).
  const x = numeric.some((c) => c.name === source) ? source : numeric[0]?.name ?? '';
  const g = groups.some((c) => c.name === group) && group !== x ? group
    : (groups.find((c) => c.name !== x && (c.asFactor || c.type === 'integer')) ?? groups.find((c) => c.name !== x))?.name ?? '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    // Marks for the e2e measure of the page's responsiveness while a big table is split.
    performance.mark('within-between-start');
    setBusy(true);
    try {
      const split = await splitWithinBetweenAsync(table, x, g, { pause: nextTask, now: () => performance.now() });
      performance.mark('within-between-split');
      onAdd(split, table.columns.filter((c) => c.name === x || c.name === g));
      setMessage({ kind: 'ok', text: [`Added ${split.between.name} and ${split.within.name}.`, ...split.notes].join(' '), column: split.between.name });
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof DerivedColumnError ? err.message : `The split failed: ${String(err)}` });
    } finally {
      setBusy(false);
    }
  };

  if (numeric.length === 0 || groups.length < 2) return null;
  const shown = message && (message.kind === 'error' || table.columns.some((c) => c.name === message.column)) ? message : null;
  return (
    <form className="wb-split" aria-label="Split into between and within" aria-busy={busy} onSubmit={(e) => void submit(e)}>
      <span className="wb-title" title="Adds the group mean of a numeric column and the deviation from it, to separate between-group from within-group slopes">Split into between and within:</span>
      <label>
        <span className="visually-hidden">Numeric column to split</span>
        <ColumnPicker label="Numeric column to split" names={numeric.map((c) => c.name)} value={x}
          onChange={(v) => { setSource(v); setMessage(null); }} />
      </label>
      <span>by</span>
      <label>
        <span className="visually-hidden">Grouping column</span>
        <ColumnPicker label="Grouping column" names={groups.filter((c) => c.name !== x).map((c) => c.name)} value={g}
          onChange={(v) => { setGroup(v); setMessage(null); }} />
      </label>
      <button type="submit" disabled={!x || !g || busy}>{busy ? 'Splitting…' : 'Split'}</button>
      {shown ? <span className={shown.kind === 'error' ? 'wb-error' : 'wb-ok'} role={shown.kind === 'error' ? 'alert' : 'status'}>{shown.text}</span> : null}
    </form>
  );
}
