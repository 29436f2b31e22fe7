// "Variance by level" (issue 21, item 4): the share of the variance at each grouping level and
// the residual (the ICC of each level), posterior mean and interval, as a stacked bar with the
// intervals under it. Logit / probit models: on the latent scale (residual pi^2/3 or 1); varying
// slopes: evaluated at the predictors' means (the note says so). Computed in the analysis
// worker (src/core/interpret/views.ts); PNG/SVG and a CSV of the numbers.
import { useMemo, useRef } from 'react';
import type { DrawStore } from '../../client/drawStore';
import type { ModelStructure } from '../../core/types';
import { varianceCsv, type VarianceViewResult } from '../../core/interpret/views';
import { varianceSharesPlot, type ShareRow } from '../../plots';
import { ChartBox } from './ChartBox';
import { download } from './exports';
import { fmtNum } from './SummaryTable';
import { useInterpretView } from './useInterpretView';

const pctOf = (p: number) => `${+(p * 100).toPrecision(4)}%`;

export function VarianceView({ store, loadStructure, fileStem, level = 0.95 }: { store: DrawStore; loadStructure: () => Promise<ModelStructure>; fileStem: string; level?: number }) {
  const section = useRef<HTMLElement>(null);
  const job = useMemo(() => ({ kind: 'variance' as const, prob: level }), [level]);
  const { result: r, busy, error } = useInterpretView<VarianceViewResult>(store, loadStructure, job, section);
  const rows = useMemo((): ShareRow[] | null => (r ? r.levels.map((l) => ({ name: l.name, mean: l.mean, lower: l.lower, upper: l.upper })) : null), [r]);
  const p = pctOf(level);
  // r.residual reads 'pi^2/3 (the latent logistic residual)': the title keeps the value only
  const scale = r?.scale === 'latent' ? `, latent scale (residual variance ${r.residual.replace(/ \(.*\)$/, '')})` : '';
  return (
    <section ref={section} className="ws-card" aria-label="Variance by level">
      <h3 className="ws-title">Variance by level</h3>
      <p className="ws-hint">
        Each level&apos;s variance over the total, per posterior draw: sd² of each grouping factor and the residual
        {r?.scale === 'latent' ? `, on the latent scale ${r.residual}` : ' (sigma²)'}. The share of a grouping level is its intraclass correlation.
      </p>
      <div className="ws-row">
        <button type="button" className="ws-small" disabled={!r} onClick={() => r && download(`${fileStem}-variance-by-level.csv`, varianceCsv(r), 'text/csv')}>Download CSV</button>
        <span className="ws-hint" role="status" aria-label="Variance status">{busy ? 'Computing…' : ''}</span>
      </div>
      {error ? <p className="ws-error-text" role="alert">{error}</p> : null}
      {r && rows ? (
        <>
          {r.note ? <p className="ws-hint" aria-label="Variance note">{r.note}</p> : null}
          <ChartBox kind="variance-shares" title={`Share of the variance by level${scale}`} fileName={`${fileStem}-variance-by-level`} data={rows} deps={[rows]}
            create={(el, d, w) => varianceSharesPlot(el, d, {
              width: Math.min(w, 820), intervalLabel: p,
              xLabel: `Share of the variance${r.scale === 'latent' ? ' (latent scale)' : ''}: posterior mean (dot), ${p} interval (line)`,
            })} />
          <table className="ws-table" aria-label="Variance shares">
            <thead><tr>{['Level', 'Share (mean)', `${p} interval`].map((h) => <th key={h} scope="col">{h}</th>)}</tr></thead>
            <tbody>
              {r.levels.map((l) => (
                <tr key={l.name}><th scope="row">{l.name}</th><td>{fmtNum(l.mean)}</td><td>[{fmtNum(l.lower)}, {fmtNum(l.upper)}]</td></tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
