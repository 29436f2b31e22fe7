// Sampler warnings in plain language (the checks before sampling and after it), and the intraclass correlation of random-intercept models.
import { useEffect, useState } from 'react';
import type { SamplerWarning } from '../../core/diagnostics/warnings';
import type { ModelStructure } from '../../core/types';
import { quantileSorted } from '../../core/diagnostics/quantile7';
import type { DrawStore } from '../../client/drawStore';
import type { Fit } from './fit';
import { notGroupCoefficients, pooledColumns } from './pooledColumns';
import { iccDraws } from './icc';
import { fmtNum } from './SummaryTable';
import { intervalProbs } from './summaryGroups';
import { getFamily } from '../../core/families';

/** Checks before sampling (no warmup, too few draws, separation, a prior's bounds), by the Run button. */
export function PreflightNotes({ warnings }: { warnings: SamplerWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="ws-warnings" aria-label="Checks before sampling">
      {warnings.map((w, i) => <li key={i} className={`ws-warning ws-${w.severity}`}>Before you run: {w.message}</li>)}
    </ul>
  );
}

export function WarningsPanel({ warnings }: { warnings: SamplerWarning[] }) {
  return (
    <section className="ws-card" aria-label="Sampler warnings">
      <h3 className="ws-title">Sampler checks</h3>
      {warnings.length === 0 ? (
        <p className="ws-ok-text">✓ No divergences, no tree-depth hits, E-BFMI fine, every R-hat below 1.01 and every ESS above 100 per chain; no sign of separation or of a prior's bound.</p>
      ) : (
        <ul className="ws-warnings">
          {warnings.map((w, i) => <li key={i} className={`ws-warning ws-${w.severity}`}>{w.message}</li>)}
        </ul>
      )}
    </section>
  );
}

interface IccRow { group: string; mean: number; sd: number; lo: number; hi: number }

export function IccPanel({ fit, store, loadStructure, level = 0.95 }: { fit: Fit; store: DrawStore; loadStructure: () => Promise<ModelStructure>; level?: number }) {
  const [pLo, pHi] = intervalProbs(level);
  const pct = (p: number) => `${Number((p * 100).toPrecision(4))}%`;
  const [rows, setRows] = useState<IccRow[] | null>(null);
  useEffect(() => {
    let cancelled = false;
    if (getFamily(fit.spec.family).classical.varianceScale !== 'response') { setRows([]); return; } // gaussian
    loadStructure().then((s) => {
      if (cancelled) return;
      // Only the sds and sigma matter: not every group coefficient, on every refresh.
      const { names, rows: draws, n } = pooledColumns(store, notGroupCoefficients(store.names));
      const list = iccDraws(s, names, draws, n).map(({ group, values }) => {
        const sorted = Float64Array.from(values).sort();
        let m = 0;
        for (const v of values) m += v;
        m /= values.length;
        let ss = 0;
        for (const v of values) ss += (v - m) ** 2;
        return { group, mean: m, sd: Math.sqrt(ss / Math.max(1, values.length - 1)), lo: quantileSorted(sorted, pLo), hi: quantileSorted(sorted, pHi) };
      });
      setRows(list);
    }).catch(() => { if (!cancelled) setRows([]); });
    return () => { cancelled = true; };
  }, [fit, store, store.version, loadStructure, pLo, pHi]);
  if (!rows || rows.length === 0) return null;
  return (
    <section className="ws-card" aria-label="Intraclass correlation">
      <h3 className="ws-title">Intraclass correlation</h3>
      <p className="ws-hint">Share of the variance between levels: sd² / (sum of intercept sd² + sigma²), per draw.</p>
      <table className="ws-table">
        <thead><tr><th scope="col">group</th><th scope="col">ICC mean</th><th scope="col">sd</th><th scope="col">{pct(pLo)}</th><th scope="col">{pct(pHi)}</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.group}><th scope="row">{r.group}</th><td>{fmtNum(r.mean)}</td><td>{fmtNum(r.sd)}</td><td>{fmtNum(r.lo)}</td><td>{fmtNum(r.hi)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
