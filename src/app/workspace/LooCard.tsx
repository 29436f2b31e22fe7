// Region "LOO": the shown fit's PSIS-LOO printed as loo 2.5.1 prints it (core/loo formatLoo: the
// estimates, MCSE and Pareto k table, the same text as the CLI's --loo), loo's warning and advice
// when some k are high, the worst observations by data row, and Bayes R2 (mean, sd, 90% interval)
// where the family defines it.
import { formatLoo, paretoKMessage, paretoKSlightlyHigh } from '../../core/loo';
import type { Fit } from './store/types';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'NA');

export function LooCard({ fit }: { fit: Fit }) {
  const l = fit.loo;
  if (fit.external || !l) return null;
  if (l.state !== 'ok') {
    return (
      <section className="ws-card" aria-label="LOO">
        <h3 className="ws-title">PSIS-LOO</h3>
        {l.state === 'pending'
          ? <p className="ws-hint" role="status">Computing PSIS-LOO from the draws…</p>
          : <p className="ws-error-text" role="alert">PSIS-LOO could not be computed: {l.message}</p>}
      </section>
    );
  }
  const { loo, worst, bayesR2 } = l;
  const msg = paretoKMessage(loo.paretoK);
  const slight = paretoKSlightlyHigh(loo.paretoK);
  return (
    <section className="ws-card" aria-label="LOO">
      <h3 className="ws-title">PSIS-LOO</h3>
      <pre className="ws-cmp" aria-label="loo">{formatLoo(loo).replace(/^\n/, '').trimEnd()}</pre>
      {msg.level === 'warning' ? <p className="ws-error-text">Warning: {msg.text}</p> : null}
      {slight ? <p className="ws-warn-text">Warning: {slight}</p> : null}
      {msg.advice.length ? <ul className="ws-notes">{msg.advice.map((a) => <li key={a}>{a}</li>)}</ul> : null}
      {worst.length ? (
        <p className="ws-hint">Highest Pareto k: {worst.map((w) => `row ${w.row} (k = ${w.k.toFixed(2)})`).join(', ')}.</p>
      ) : null}
      {bayesR2 ? (
        <table className="ws-table ws-loo" aria-label="Bayes R2">
          <thead><tr><th></th><th>Estimate</th><th>Est.Error</th><th>Q5</th><th>Q95</th></tr></thead>
          <tbody><tr><td>Bayes R2</td><td>{f3(bayesR2.mean)}</td><td>{f3(bayesR2.sd)}</td><td>{f3(bayesR2.q5)}</td><td>{f3(bayesR2.q95)}</td></tr></tbody>
        </table>
      ) : <p className="ws-hint">Bayes R2 is not defined for the {fit.spec.family} family.</p>}
      {l.ms !== undefined ? <p className="ws-hint" aria-label="LOO time">Computed in {(l.ms / 1000).toFixed(1)} s, in a worker.</p> : null}
    </section>
  );
}
