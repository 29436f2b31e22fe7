// Where data comes from: upload (button or drop), or a bundled example; plus import progress.
import { useRef } from 'react';
import { formatMegabytes, CSV_SIZE_LIMIT_BYTES } from '../../core/io/csvSniff';
import { useAppState, useDataActions } from '../state/AppState';

const PHASE_LABEL = { fetching: 'Fetching', reading: 'Reading', parsing: 'Parsing' } as const;

export function DataSourceBar() {
  const { data } = useAppState();
  const actions = useDataActions();
  const input = useRef<HTMLInputElement>(null);
  const selectedExample = data.source?.kind === 'example' ? data.source.example.name : '';

  return (
    <div className="source-bar">
      <label className="button button-primary">
        Upload data
        <input
          ref={input}
          className="visually-hidden"
          type="file"
          aria-label="Upload data"
          accept=".csv,.tsv,.txt,.tab,text/csv,text/tab-separated-values,text/plain"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) actions.loadFile(file);
            e.currentTarget.value = ''; // the same file can be chosen again after fixing it
          }}
        />
      </label>
      <label className="example-picker">
        <span className="example-label">Example</span>
        <select
          aria-label="Example"
          value={selectedExample}
          onChange={(e) => {
            const ex = data.examples.find((x) => x.name === e.target.value);
            if (ex) actions.loadExample(ex);
          }}
        >
          <option value="" disabled>{data.source?.kind === 'file' ? 'your file' : 'choose…'}</option>
          {data.examples.map((ex) => (
            <option key={ex.name} value={ex.name}>{ex.name} ({ex.rows.toLocaleString('en-US')} rows)</option>
          ))}
        </select>
      </label>
      <span className="source-hint">or drop a CSV/TSV file here · up to {formatMegabytes(CSV_SIZE_LIMIT_BYTES)}</span>
      {data.importing ? (
        <span className="import-progress" role="status">
          <span>{PHASE_LABEL[data.importing.phase]} {data.importing.name}…</span>
          <progress
            aria-label="Import progress"
            max={1}
            value={data.importing.fraction ?? undefined}
          />
        </span>
      ) : null}
    </div>
  );
}
