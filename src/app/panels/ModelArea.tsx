// The model / results area. The model panel (formula, family, priors), run controls and results
// belong here (src/app/panels/); they read the dataset with useDataTable().
import { useAppState } from '../state/AppState';

export function ModelArea() {
  const { data } = useAppState();
  const example = data.source?.kind === 'example' ? data.source.example : null;
  const table = data.table;
  return (
    <div className="panel model-panel">
      <div className="panel-head">
        <h2 className="panel-title">Model</h2>
      </div>
      {example ? (
        <section className="suggestion" aria-label="Suggested model">
          <h3 className="section-title">Suggested for {example.name}</h3>
          <pre className="formula">{example.formula}</pre>
          <p className="muted">family: {example.family} · source: {example.source}</p>
        </section>
      ) : null}
      {table ? (
        <section aria-label="Variables">
          <h3 className="section-title">Variables in {table.name}</h3>
          <ul className="variable-list">
            {table.columns.map((c) => (
              <li key={c.name}>
                <code>{c.name}</code>
                <span className="muted">{c.numeric === null || c.asFactor ? 'factor' : c.type}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
