// "Hypotheses": brms's hypothesis() on the fit's draws. One hypothesis per line (`Days > 5`,
// `b_x - b_z = 0`, `sd_Subject__Days < 5`), evaluated in the analysis worker (the main thread
// only copies the pooled draws once per fit version), shown as brms prints them (2 digits,
// NA where brms needs prior draws), with an interval plot (SVG/PNG) and a CSV of the numbers.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DrawStore } from '../../client/drawStore';
import { intervalsPlot, type IntervalRow } from '../../plots';
import { formatBrms, hypothesesCsv, type HypothesisResult } from '../../core/interpret/hypothesis';
import { AnalysisWorker, type HypothesisOutcome } from './analysisWorker';
import { ChartBox } from './ChartBox';
import { download } from './exports';
import { pooledDraws } from './fit';

const ALPHAS = [0.025, 0.05, 0.1];
const storeIds = new WeakMap<DrawStore, number>();
let nextStoreId = 1;
const storeKey = (s: DrawStore) => {
  if (!storeIds.has(s)) storeIds.set(s, nextStoreId++);
  return `${storeIds.get(s)}:${s.version}`;
};

type Line = { text: string; outcome: HypothesisOutcome };

function ResultsTable({ lines }: { lines: Line[] }) {
  const cells = (r: HypothesisResult) => [r.estimate, r.estError, r.ciLower, r.ciUpper, r.evidRatio, r.postProb];
  return (
    <table className="ws-table" aria-label="Hypothesis tests">
      <thead>
        <tr>{['Hypothesis', 'Estimate', 'Est.Error', 'CI.Lower', 'CI.Upper', 'Evid.Ratio', 'Post.Prob', 'Star'].map((h) => <th key={h} scope="col">{h}</th>)}</tr>
      </thead>
      <tbody>
        {lines.map(({ text, outcome }, i) => (outcome.ok ? (
          <tr key={i}>
            <th scope="row" title={text}>{outcome.result.hypothesis}</th>
            {cells(outcome.result).map((x, j) => <td key={j} title={String(x)}>{formatBrms(x)}</td>)}
            <td>{outcome.result.star ? '*' : ''}</td>
          </tr>
        ) : null))}
      </tbody>
    </table>
  );
}

function LineErrors({ lines }: { lines: Line[] }) {
  return (
    <>
      {lines.map(({ text, outcome }, i) => (outcome.ok ? null : (
        <div key={i} className="ws-error" role="alert" aria-label="Hypothesis error">
          <p className="ws-error-text">{`Line ${i + 1} (${text.length > 40 ? `${text.slice(0, 40)}...` : text}): ${outcome.error.message}`}</p>
          {outcome.error.caret ? <pre className="ws-caret">{outcome.error.caret}</pre> : null}
        </div>
      )))}
    </>
  );
}

export function HypothesesView({ store, fileStem }: { store: DrawStore; fileStem: string }) {
  const [text, setText] = useState('');
  const [alpha, setAlpha] = useState(0.05);
  const [state, setState] = useState<{ lines: Line[]; nDraws: number; busy: boolean; error: string | null }>({ lines: [], nDraws: 0, busy: false, error: null });
  const worker = useRef<AnalysisWorker | null>(null);
  useEffect(() => () => { worker.current?.dispose(); worker.current = null; }, []);

  const key = storeKey(store);
  useEffect(() => {
    const texts = text.split('\n').map((t) => t.trim()).filter((t) => t !== '');
    if (texts.length === 0) { setState({ lines: [], nDraws: 0, busy: false, error: null }); return; }
    let cancelled = false;
    const timer = setTimeout(() => {
      worker.current ??= new AnalysisWorker();
      setState((s) => ({ ...s, busy: true }));
      const draws = () => { const { rows, n } = pooledDraws(store); return { names: store.names.slice(), rows, nDraws: n }; };
      worker.current.hypotheses(texts, alpha, key, draws).then(({ outcomes, nDraws }) => {
        if (!cancelled) setState({ lines: texts.map((t, i) => ({ text: t, outcome: outcomes[i] })), nDraws, busy: false, error: null });
      }).catch((err: unknown) => {
        if (!cancelled) setState({ lines: [], nDraws: 0, busy: false, error: err instanceof Error ? err.message : String(err) });
      });
    }, 250);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [text, alpha, key, store]);

  const ok = state.lines.filter((l) => l.outcome.ok);
  const results = ok.map((l) => (l.outcome as Extract<HypothesisOutcome, { ok: true }>).result);
  // One small chart per hypothesis, each on its own axis (as brms's plot() draws one panel per
  // hypothesis): their scales differ (a slope minus 5 beside a variance ratio).
  const plots = useMemo(() => state.lines.flatMap(({ outcome: o }, i) => (o.ok
    ? [{ line: i + 1, label: o.result.hypothesis, rows: [{ label: o.result.hypothesis, mean: o.result.estimate, lo90: o.result.ciLower, hi90: o.result.ciUpper, lo50: o.q25, hi50: o.q75 }] as IntervalRow[] }]
    : [])), [state.lines]);
  const pOne = Math.round((1 - 2 * alpha) * 1000) / 10;
  const pTwo = Math.round((1 - alpha) * 1000) / 10;

  return (
    <section className="ws-card" aria-label="Hypotheses">
      <h3 className="ws-title">Hypotheses</h3>
      <p className="ws-hint">As brms&apos;s <code>hypothesis()</code>: one per line, e.g. <code>Days &gt; 5</code>, <code>b_x - b_z = 0</code>, <code>sd_Subject__Days &lt; 5</code>. Population-level names may drop the <code>b_</code>.</p>
      <div className="ws-row">
        <label className="ws-inline" style={{ flex: '1 1 320px' }}>
          Hypotheses
          <textarea className="ws-formula-input" rows={3} value={text} spellCheck={false} placeholder="Days > 5"
            aria-label="Hypotheses, one per line" onChange={(e) => setText(e.target.value)} />
        </label>
        <label className="ws-inline">
          alpha
          <select value={alpha} onChange={(e) => setAlpha(Number(e.target.value))} aria-label="alpha">
            {ALPHAS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </label>
        <button type="button" className="ws-small" disabled={results.length === 0}
          onClick={() => download(`${fileStem}-hypotheses.csv`, hypothesesCsv(results), 'text/csv')}>Download CSV</button>
        <span className="ws-hint" role="status" aria-label="Hypotheses status">{state.busy ? 'Computing…' : state.nDraws ? `${state.nDraws} posterior draws` : ''}</span>
      </div>
      {state.error ? <p className="ws-error-text" role="alert">{state.error}</p> : null}
      <LineErrors lines={state.lines} />
      {ok.length ? (
        <>
          <ResultsTable lines={state.lines} />
          <p className="ws-hint">
            CI: {pOne}%-CI for one-sided and {pTwo}%-CI for two-sided hypotheses. *: for one-sided hypotheses, the posterior probability
            exceeds {pTwo}%; for two-sided ones, 0 lies outside the {pTwo}%-CI. Evid.Ratio of a point hypothesis needs prior draws
            (brms&apos;s <code>sample_prior = TRUE</code>): NA, as brms prints without them.
          </p>
          {plots.map((p) => (
            <ChartBox key={`${p.line}:${p.label}`} kind="hypothesis" title={`Hypothesis ${p.line}: ${p.label}`} fileName={`${fileStem}-hypothesis-${p.line}`} data={p.rows} deps={[p.rows]}
              create={(el, d, w) => intervalsPlot(el, d, { width: Math.min(w, 720), labelWidth: 200, xLabel: 'Estimate (dot), 50% interval (thick), the CI (thin)' })} />
          ))}
        </>
      ) : null}
    </section>
  );
}
