// Run controls and live sampler state: Run / Stop / Sample more, per-chain progress (warmup or
// sampling), the running divergence count, and the R-hat / ESS panel.
import { memo, useState } from 'react';
import type { SummaryRow } from '../../core/types';
import type { ChainProgress, RunStatus } from '../../client/runController';
import { ESS_PER_CHAIN, RHAT_THRESHOLD } from '../../core/diagnostics/warnings';
import { chainColor } from '../../plots';

export function ProgressList({ progress }: { progress: ChainProgress[] }) {
  return (
    <ul className="ws-progress" aria-label="Chain progress">
      {progress.map((p, i) => {
        const frac = p.totalIterations > 0 ? p.iterationsDone / p.totalIterations : 0;
        const label = p.phase === 'queued' ? 'queued' : p.phase === 'done' ? 'done' : p.phase;
        return (
          <li key={i}>
            <span className="ws-chain-dot" style={{ background: chainColor(i) }} aria-hidden="true" />
            <span className="ws-chain-name">Chain {i + 1}</span>
            <progress max={1} value={frac} aria-label={`Chain ${i + 1} progress`} />
            <span className="ws-chain-state">{label} {p.totalIterations ? `${p.iterationsDone} / ${p.totalIterations}` : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

export const fmtRhat = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NA' : x.toFixed(3));
export const fmtEss = (x: number | null) => (x === null || !Number.isFinite(x) ? 'NA' : String(Math.round(x)));

/** R-hat < 1.01 and both ESS > 100 per chain. */
export function converged(r: SummaryRow, chains: number): { rhat: boolean; bulk: boolean; tail: boolean } {
  const essMin = ESS_PER_CHAIN * chains;
  return {
    rhat: r.rhat !== null && r.rhat < RHAT_THRESHOLD,
    bulk: r.ess_bulk !== null && r.ess_bulk > essMin,
    tail: r.ess_tail !== null && r.ess_tail > essMin,
  };
}

/** Convergence table row height (px, fixed in workspace.css) and rows in view. */
const ROW_H = 23;
const VISIBLE_ROWS = 12;

export const ConvergencePanel = memo(function ConvergencePanel({ rows, chains, draws, divergent, treedepthHits, status }: {
  rows: SummaryRow[] | null;
  chains: number;
  draws: number;
  divergent: number;
  treedepthHits: number;
  status: RunStatus;
}) {
  const essMin = ESS_PER_CHAIN * chains;
  const [top, setTop] = useState(0);
  const n = rows?.length ?? 0;
  // A small margin of rows above and below the view: the first live table (every row new) is one
  // of the biggest layouts while chains stream.
  const first = Math.max(0, Math.floor(top / ROW_H) - 4);
  const last = Math.min(n, first + VISIBLE_ROWS + 8);
  const rhatOk = rows ? rows.filter((r) => r.rhat !== null && r.rhat < RHAT_THRESHOLD).length : 0;
  const ok = rows ? rows.filter((r) => { const c = converged(r, chains); return c.rhat && c.bulk && c.tail; }).length : 0;
  return (
    <section className="ws-card" aria-label="Convergence">
      <div className="ws-card-head">
        <h3 className="ws-title">Convergence</h3>
        <span className={`ws-divergences${divergent > 0 ? ' ws-bad-text' : ''}`} aria-label="Divergences">
          {divergent} divergent transition{divergent === 1 ? '' : 's'}{treedepthHits > 0 ? ` · ${treedepthHits} at max treedepth` : ''}
        </span>
      </div>
      {rows ? (
        <>
          <p className="ws-hint" aria-label="Convergence status">
            <span className={rhatOk === n ? 'ws-ok' : 'ws-bad'}>R-hat below {RHAT_THRESHOLD}: {rhatOk} of {n}</span>
            {' · '}{ok} of {n} parameters pass all checks (R-hat &lt; {RHAT_THRESHOLD}, bulk and tail ESS &gt; {essMin}: {ESS_PER_CHAIN} per chain × {chains} chain{chains === 1 ? '' : 's'}) after {draws} post-warmup draws per chain{status === 'running' ? ' (updating)' : ''}.
          </p>
          <div className="ws-scroll ws-conv-scroll" onScroll={(e) => setTop(e.currentTarget.scrollTop)}>
            <table className="ws-table ws-conv">
              <thead>
                <tr><th scope="col">parameter</th><th scope="col">R-hat (&lt; {RHAT_THRESHOLD})</th><th scope="col">Bulk ESS (&gt; {essMin})</th><th scope="col">Tail ESS (&gt; {essMin})</th></tr>
              </thead>
              <tbody>
                {/* Only the rows in view (plus a margin) are in the DOM: with hundreds of
                    parameters the once-a-second refresh stays cheap. */}
                {first > 0 ? <tr aria-hidden="true" style={{ height: first * ROW_H }} /> : null}
                {rows.slice(first, last).map((r) => {
                  const c = converged(r, chains);
                  return (
                    <tr key={r.name} className={c.rhat && c.bulk && c.tail ? 'ws-row-ok' : 'ws-row-bad'}>
                      <th scope="row" className="ws-pname">{r.name}</th>
                      <td className={c.rhat ? 'ws-ok' : 'ws-bad'} data-rhat={r.rhat ?? ''}>{c.rhat ? '✓' : '✗'} {fmtRhat(r.rhat)}</td>
                      <td className={c.bulk ? 'ws-ok' : 'ws-bad'}>{c.bulk ? '✓' : '✗'} {fmtEss(r.ess_bulk)}</td>
                      <td className={c.tail ? 'ws-ok' : 'ws-bad'}>{c.tail ? '✓' : '✗'} {fmtEss(r.ess_tail)}</td>
                    </tr>
                  );
                })}
                {last < rows.length ? <tr aria-hidden="true" style={{ height: (rows.length - last) * ROW_H }} /> : null}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="ws-hint">{status === 'running' ? 'R-hat and ESS appear once every chain has post-warmup draws.' : 'Run the model to check convergence.'}</p>
      )}
    </section>
  );
});
