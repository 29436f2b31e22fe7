// Picks one level of a grouping factor: a select for a few levels, a search box for many (its
// suggestions are the first matches of what was typed, so a factor with thousands of levels never
// puts thousands of options on the page).
import { useId, useMemo, useState } from 'react';

/** Levels up to which a plain select is used. */
const SELECT_MAX = 100;
/** Suggestions shown under the search box. */
const SUGGESTIONS = 40;

/** The first `max` levels containing `text` (case-insensitive), those starting with it first. */
export function matchingLevels(levels: readonly string[], text: string, max = SUGGESTIONS): string[] {
  const t = text.trim().toLowerCase();
  if (!t) return levels.slice(0, max);
  const starts: string[] = [];
  const contains: string[] = [];
  for (const l of levels) {
    const k = l.toLowerCase().indexOf(t);
    if (k === 0) starts.push(l); else if (k > 0) contains.push(l);
    if (starts.length >= max) break;
  }
  return [...starts, ...contains].slice(0, max);
}

/** The level typed (exactly, or the only case-insensitive match), or null. */
export function levelOf(levels: readonly string[], text: string): string | null {
  const t = text.trim();
  if (levels.includes(t)) return t;
  const lower = levels.filter((l) => l.toLowerCase() === t.toLowerCase());
  return lower.length === 1 ? lower[0] : null;
}

export function LevelSearch({ label, levels, value, onPick, placeholder, keepText = true }: {
  label: string; levels: readonly string[]; value: string | null; onPick: (level: string) => void; placeholder?: string; keepText?: boolean;
}) {
  const [text, setText] = useState(value ?? '');
  const id = useId();
  const options = useMemo(() => matchingLevels(levels, text), [levels, text]);
  if (levels.length <= SELECT_MAX && keepText) {
    return (
      <select aria-label={label} value={value ?? ''} onChange={(e) => onPick(e.target.value)}>
        {levels.map((l) => <option key={l} value={l}>{l}</option>)}
      </select>
    );
  }
  const pick = (t: string) => {
    const level = levelOf(levels, t);
    if (!level) return;
    onPick(level);
    if (!keepText) setText('');
  };
  return (
    <>
      <input type="search" aria-label={label} className="ws-chip-filter" list={id} value={text} placeholder={placeholder ?? `${levels.length} levels`}
        onChange={(e) => { setText(e.target.value); if (levels.includes(e.target.value)) pick(e.target.value); }}
        onKeyDown={(e) => { if (e.key === 'Enter') pick(text); }} />
      <datalist id={id}>{options.map((l) => <option key={l} value={l} />)}</datalist>
    </>
  );
}
