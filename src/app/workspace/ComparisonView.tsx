// Region "Model comparison": the fits ticked in the model list, compared by PSIS-LOO as
// `loo::loo_compare` prints it, with a warning when they used different rows, and their
// population-level estimates side by side (estimate, and sd in brackets, one column per fit).
import { useMemo } from 'react';
import { formatLooCompare } from '../../core/loo';
import { compareFits, estimatesTable } from './store/compare';
import type { Fit } from './store/types';

const f2 = (x: number) => (Number.isFinite(x) ? (Math.abs(x) < 0.005 ? 0 : x).toFixed(2) : 'NA');

export function ComparisonView({ fits }: { fits: readonly Fit[] }) {
  const cmp = useMemo(() => compareFits(fits), [fits]);
  // Estimates of fits with a model (an opened fit's draws carry no model to line up).
  const est = useMemo(() => (fits.length >= 2 && fits.every((f) => !f.external) ? estimatesTable(fits) : null), [fits]);
  return (
    <section className="ws-card" aria-label="Model comparison">
      <h3 className="ws-title">Model comparison</h3>
      {cmp.rowWarnings.map((w) => <p key={w} className="ws-error-text" role="alert">{w}</p>)}
      {cmp.blocked ? <p className="ws-hint">{cmp.blocked}</p> : null}
      {cmp.table ? (
        <>
          <pre className="ws-cmp" aria-label="loo_compare">{formatLooCompare(cmp.table)}</pre>
          {cmp.table.warnings.map((w) => <p key={w} className="ws-error-text">{w}</p>)}
          <p className="ws-hint">elpd_diff: each model's expected log predictive density minus the best one's (0 for the best, listed first); se_diff: the standard error of that difference, from the paired pointwise values.</p>
        </>
      ) : null}
      {est && est.coefs.length ? (
        <table className="ws-table ws-est" aria-label="Population-level estimates">
          <thead><tr><th></th>{fits.map((f) => <th key={f.id} scope="col">{f.name}</th>)}</tr></thead>
          <tbody>
            {est.coefs.map((k) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                {est.columns.map((col, j) => {
                  const v = col.get(k);
                  return <td key={fits[j].id}>{v ? <>{f2(v.mean)}<br /><span className="ws-hint">({f2(v.sd)})</span></> : ''}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
