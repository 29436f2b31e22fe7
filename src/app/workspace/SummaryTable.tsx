// The posterior summary grouped as brms prints it, with a selectable credible level.
import { useState, type ReactNode } from 'react';
import type { SummaryRow } from '../../core/types';
import { quantileKey } from '../../core/diagnostics/summary';
import { displayName, groupSummary, intervalProbs } from './summaryGroups';
import { converged, fmtEss, fmtRhat } from './RunPanel';
import { FAMILY_REGISTRY, findLink, getFamily } from '../../core/families';

export const LEVELS = [0.5, 0.8, 0.89, 0.9, 0.95, 0.99];

/** Numbers as brms prints them: 2 decimals, more for small magnitudes. */
export function fmtNum(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'NA';
  const a = Math.abs(x);
  if (a !== 0 && a < 0.01) return x.toPrecision(2);
  return x.toFixed(2);
}

function Rows({ rows, lo, hi, chains }: { rows: SummaryRow[]; lo: string; hi: string; chains: number }) {
  return (
    <>
      {rows.map((r) => {
        const c = converged(r, chains);
        return (
          <tr key={r.name} data-param={r.name}>
            <th scope="row" className="ws-pname" title={r.name}>{displayName(r.name)}</th>
            <td>{fmtNum(r.mean)}</td>
            <td>{fmtNum(r.sd)}</td>
            <td>{fmtNum(r.quantiles[lo])}</td>
            <td>{fmtNum(r.quantiles[hi])}</td>
            <td className={c.rhat ? 'ws-ok' : 'ws-bad'}>{fmtRhat(r.rhat)}</td>
            <td className={c.bulk ? undefined : 'ws-bad'}>{fmtEss(r.ess_bulk)}</td>
            <td className={c.tail ? undefined : 'ws-bad'}>{fmtEss(r.ess_tail)}</td>
          </tr>
        );
      })}
    </>
  );
}

/** A <details> whose content is only built once opened (r_ blocks can have thousands of rows). */
function LazyDetails({ title, children }: { title: string; children: () => ReactNode }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="ws-details" onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>{title}</summary>
      {open ? children() : null}
    </details>
  );
}

export function SummaryTable({ rows, level, onLevel, chains, draws, nObs, family, link }: {
  rows: SummaryRow[] | null;
  level: number;
  onLevel: (l: number) => void;
  chains: number;
  draws: number;
  nObs: number;
  /** The fit's family (brms name): print.brmsfit's Family and Links lines; none for an opened fit. */
  family?: string;
  /** The fit's link (absent: the family's default). */
  link?: string;
}) {
  const base = family === undefined ? undefined : FAMILY_REGISTRY.get(family);
  const fam = base && link && findLink(base, link) ? getFamily(base.name, link) : base;
  const [pLo, pHi] = intervalProbs(level);
  const lo = quantileKey(pLo);
  const hi = quantileKey(pHi);
  const pct = (p: number) => `${Number((p * 100).toPrecision(4))}%`;
  const groups = rows ? groupSummary(rows) : [];
  const head = (
    <thead>
      <tr>
        <th scope="col">parameter</th><th scope="col">Estimate</th><th scope="col">Est.Error</th>
        <th scope="col">{pct(pLo)}</th><th scope="col">{pct(pHi)}</th>
        <th scope="col">Rhat</th><th scope="col">Bulk_ESS</th><th scope="col">Tail_ESS</th>
      </tr>
    </thead>
  );
  return (
    <section className="ws-card" aria-label="Summary">
      <div className="ws-card-head">
        <h3 className="ws-title">Summary</h3>
        <label className="ws-inline">
          Credible interval
          <select value={level} onChange={(e) => onLevel(Number(e.target.value))}>
            {LEVELS.map((l) => <option key={l} value={l}>{Math.round(l * 100)}%</option>)}
          </select>
        </label>
      </div>
      {!rows ? <p className="ws-hint">The summary appears when the chains have post-warmup draws.</p> : (
        <>
          {fam ? <p className="ws-hint ws-family-links">Family: {fam.name} · Links: {fam.linksText}</p> : null}
          <p className="ws-hint">{chains} chains × {draws} post-warmup draws · {nObs > 0 ? `${nObs} observations · ` : ''}posterior mean (Estimate), sd (Est.Error) and {Math.round(level * 100)}% central interval</p>
          {groups.map((g) => {
            const table = (
              <div className="ws-scroll-x">
                <table className="ws-table ws-summary" aria-label={g.title}>
                  {head}
                  <tbody><Rows rows={g.rows} lo={lo} hi={hi} chains={chains} /></tbody>
                </table>
              </div>
            );
            return g.collapsible ? (
              <LazyDetails key={g.key} title={g.title}>{() => table}</LazyDetails>
            ) : (
              <div key={g.key} className="ws-group">
                <h4 className="ws-subtitle">{g.title}</h4>
                {table}
              </div>
            );
          })}
        </>
      )}
    </section>
  );
}
