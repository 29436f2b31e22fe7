// One line per column: detected type, how models use it (number or factor: the user may switch
// numeric columns to factors), missing cells, and a summary (levels, or min/mean/sd/max).
import { useMemo } from 'react';
import { summarizeColumn, type ColumnSummary } from '../../core/io/tableSummary';
import type { DataColumn, DataTable } from '../../core/types';
import { formatCount, formatStat, TYPE_LABEL } from '../components/format';
import { MiniHistogram } from '../components/MiniHistogram';

/** Level labels shown inline, up to about this many characters. */
const LEVEL_CHARS = 26;

function levelsThatFit(levels: ColumnSummary['levels']): ColumnSummary['levels'] {
  const out: ColumnSummary['levels'] = [];
  let used = 0;
  for (const l of levels) {
    const cost = l.label.length + String(l.count).length + 2;
    if (out.length > 0 && used + cost > LEVEL_CHARS) break;
    out.push(l);
    used += cost;
  }
  return out;
}

/** Summaries are cached per column object: switching one column recomputes only that one. */
const cache = new WeakMap<DataColumn, ColumnSummary>();
function summaryOf(col: DataColumn): ColumnSummary {
  let s = cache.get(col);
  if (!s) {
    s = summarizeColumn(col);
    cache.set(col, s);
  }
  return s;
}

function SummaryText({ s }: { s: ColumnSummary }) {
  if (s.isFactor) {
    const shown = levelsThatFit(s.levels);
    return (
      <span className="summary-levels">
        <span className="summary-count">{formatCount(s.nDistinct)} {s.nDistinct === 1 ? 'level' : 'levels'}</span>
        {shown.map((l) => (
          <span key={l.label} className="level">
            {l.label}<span className="level-n"> {formatCount(l.count)}</span>
          </span>
        ))}
        {s.levels.length > shown.length ? <span className="level-more">…</span> : null}
      </span>
    );
  }
  if (s.nPresent === 0) return <span className="muted">no values</span>;
  return (
    <span className="summary-stats">
      <span><span className="stat-label">min</span> {formatStat(s.min)}</span>
      <span><span className="stat-label">mean</span> {formatStat(s.mean)}</span>
      <span><span className="stat-label">sd</span> {formatStat(s.sd)}</span>
      <span><span className="stat-label">max</span> {formatStat(s.max)}</span>
    </span>
  );
}

export function ColumnsTable({ table, onSetFactor }: { table: DataTable; onSetFactor: (column: string, asFactor: boolean) => void }) {
  const summaries = useMemo(() => table.columns.map(summaryOf), [table.columns]);
  return (
    <div className="columns-scroll">
      <table className="columns-table" aria-label="Columns">
        <thead>
          <tr>
            <th scope="col">Column</th>
            <th scope="col">Type</th>
            <th scope="col">Use as</th>
            <th scope="col" className="num">Missing</th>
            <th scope="col">Summary</th>
            <th scope="col" className="dist">Distribution</th>
          </tr>
        </thead>
        <tbody>
          {table.columns.map((c, j) => {
            const s = summaries[j];
            return (
              <tr key={c.name} data-column={c.name}>
                <th scope="row" className="col-name">{c.name}</th>
                <td><span className={`type-badge type-${c.type}`}>{TYPE_LABEL[c.type]}</span></td>
                <td>
                  {c.numeric === null ? (
                    <span className="role-fixed" title="Text labels are always factors">factor</span>
                  ) : (
                    <select
                      className="role-select"
                      aria-label={`Use ${c.name} as`}
                      value={c.asFactor ? 'factor' : 'number'}
                      onChange={(e) => onSetFactor(c.name, e.target.value === 'factor')}
                    >
                      <option value="number">number</option>
                      <option value="factor">factor</option>
                    </select>
                  )}
                </td>
                <td className={`num${c.nMissing > 0 ? ' has-missing' : ''}`}>
                  {c.nMissing > 0 ? `${formatCount(c.nMissing)} (${formatStat((100 * c.nMissing) / Math.max(1, table.nRows))}%)` : '0'}
                </td>
                <td><SummaryText s={s} /></td>
                <td className="dist">{s.isFactor ? null : <MiniHistogram bins={s.histogram} />}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="columns-note">
        Columns after <code>|</code> in a formula are always grouping factors. Set an integer column to <em>factor</em> to use
        it as a categorical predictor (treatment coding, first level as reference).
      </p>
    </div>
  );
}
