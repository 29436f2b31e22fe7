// Region "LOO": the shown fit's PSIS-LOO as loo 2.5.1 prints it (elpd_loo, p_loo, looic with
// their SEs; the Pareto k table with loo's wording and advice; the worst observations) and Bayes
// R2 (mean, sd, 90% interval) where the family defines it.
import { PARETO_K_CLASSES, paretoKMessage, paretoKSlightlyHigh, type ParetoKClass } from '../../core/loo';
import type { Fit } from './store/types';

const f1 = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : 'NA');
const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'NA');
const K_LABEL: Record<ParetoKClass, string> = { good: '(-Inf, 0.5]  (good)', ok: '(0.5, 0.7]  (ok)', bad: '(0.7, 1]  (bad)', very_bad: '(1, Inf)  (very bad)' };

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
      <p className="ws-hint">Computed from {loo.nDraws.toLocaleString('en-US')} by {loo.nObs.toLocaleString('en-US')} log-likelihood matrix
        {l.ms !== undefined ? <span aria-label="LOO time"> (in {(l.ms / 1000).toFixed(1)} s, in a worker)</span> : null}</p>
      <table className="ws-table ws-loo" aria-label="LOO estimates">
        <thead><tr><th></th><th>Estimate</th><th>SE</th></tr></thead>
        <tbody>
          <tr><td>elpd_loo</td><td>{f1(loo.elpdLoo.estimate)}</td><td>{f1(loo.elpdLoo.se)}</td></tr>
          <tr><td>p_loo</td><td>{f1(loo.pLoo.estimate)}</td><td>{f1(loo.pLoo.se)}</td></tr>
          <tr><td>looic</td><td>{f1(loo.looic.estimate)}</td><td>{f1(loo.looic.se)}</td></tr>
        </tbody>
      </table>
      <p className="ws-hint">Monte Carlo SE of elpd_loo is {loo.mcseElpdLoo === null ? 'NA' : f1(loo.mcseElpdLoo)}.</p>
      <table className="ws-table ws-loo" aria-label="Pareto k diagnostic values">
        <thead><tr><th>Pareto k</th><th>Count</th><th>Pct.</th><th>Min. n_eff</th></tr></thead>
        <tbody>
          {PARETO_K_CLASSES.map((c) => {
            const r = loo.paretoK[c];
            return <tr key={c}><td>{K_LABEL[c]}</td><td>{r.count}</td><td>{(100 * r.proportion).toFixed(1)}%</td><td>{r.minNEff === null ? 'NA' : Math.round(r.minNEff)}</td></tr>;
          })}
        </tbody>
      </table>
      <p className={msg.level === 'warning' ? 'ws-error-text' : undefined}>{msg.text}</p>
      {slight ? <p className="ws-warn-text">{slight}</p> : null}
      {msg.advice.length ? <ul className="ws-notes">{msg.advice.map((a) => <li key={a}>{a}</li>)}</ul> : null}
      {worst.length ? (
        <p className="ws-hint">Highest Pareto k: {worst.map((w) => `row ${w.row} (k = ${w.k.toFixed(2)})`).join(', ')}.</p>
      ) : null}
      <p className="ws-hint">See help(&apos;pareto-k-diagnostic&apos;) for details.</p>
      {bayesR2 ? (
        <table className="ws-table ws-loo" aria-label="Bayes R2">
          <thead><tr><th></th><th>Estimate</th><th>Est.Error</th><th>Q5</th><th>Q95</th></tr></thead>
          <tbody><tr><td>Bayes R2</td><td>{f3(bayesR2.mean)}</td><td>{f3(bayesR2.sd)}</td><td>{f3(bayesR2.q5)}</td><td>{f3(bayesR2.q95)}</td></tr></tbody>
        </table>
      ) : <p className="ws-hint">Bayes R2 is not defined for the {fit.spec.family} family.</p>}
    </section>
  );
}
