// The data area: source (upload / example), import messages, and the Preview / Columns views.
import { useState } from 'react';
import { useAppState, useDataActions } from '../state/AppState';
import { formatCount } from '../components/format';
import { ImportMessages } from '../components/ImportMessages';
import { Tabs } from '../components/Tabs';
import { ColumnsTable } from './ColumnsTable';
import { DataPreview } from './DataPreview';
import { DataSourceBar } from './DataSourceBar';
import { DropZone } from './DropZone';
import { WithinBetweenSplit } from './WithinBetweenSplit';

export function DataPanel() {
  const { data } = useAppState();
  const actions = useDataActions();
  const [tab, setTab] = useState<'preview' | 'columns'>('preview');
  const table = data.table;
  const nMissing = table ? table.columns.reduce((a, c) => a + c.nMissing, 0) : 0;

  return (
    <div className="panel data-panel">
      <div className="panel-head">
        <h2 className="panel-title">Data</h2>
        {table ? (
          <div className="dataset-line" aria-label="Dataset">
            <span className="dataset-name">{table.name}</span>
            <span className="dataset-dims">
              {formatCount(table.nRows)} rows × {formatCount(table.columns.length)} columns
              {nMissing > 0 ? ` · ${formatCount(nMissing)} missing cells` : ''}
            </span>
          </div>
        ) : null}
      </div>
      <DataSourceBar />
      {data.source?.kind === 'example' ? <p className="dataset-description">{data.source.example.description}</p> : null}
      {data.report ? <ImportMessages report={data.report} currentName={table?.name ?? null} onDismiss={actions.dismissReport} /> : null}
      {table ? <WithinBetweenSplit key={table.name} table={table} onAdd={(s, from) => actions.addDerivedColumns([s.between, s.within], from)} /> : null}
      {table ? (
        <Tabs
          label="Data views"
          selected={tab}
          onSelect={(id) => setTab(id as 'preview' | 'columns')}
          items={[
            { id: 'preview', label: 'Preview' },
            { id: 'columns', label: <>Columns <span className="tab-count">{formatCount(table.columns.length)}</span></> },
          ]}
        >
          {tab === 'preview' ? <DataPreview table={table} /> : <ColumnsTable table={table} onSetFactor={actions.setColumnFactor} onSetLevels={actions.setColumnLevels} onRemoveDerived={actions.removeDerivedColumn} />}
        </Tabs>
      ) : (
        <div className="empty-state">{data.importing ? 'Loading…' : 'Upload a CSV file or choose an example.'}</div>
      )}
      <DropZone onFile={actions.loadFile} />
    </div>
  );
}
