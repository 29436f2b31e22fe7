// Messages from the last import. Text only: cell values appear as plain text, never as HTML.
import type { ImportMessage } from '../../core/io/csvMessages';
import type { ImportReport } from '../state/dataState';

const LEVEL_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

export function ImportMessages({ report, currentName, onDismiss }: {
  report: ImportReport;
  currentName: string | null;
  onDismiss: () => void;
}) {
  if (report.loaded && report.messages.length === 0) return null;
  const failed = !report.loaded;
  return (
    <div className={`import-report ${failed ? 'import-report-failed' : ''}`} role={failed ? 'alert' : 'status'}>
      <div className="import-report-head">
        <span>
          {failed ? (
            <>
              <strong>Could not load {report.name}.</strong>{' '}
              {currentName ? <>{currentName} is still loaded.</> : null}
            </>
          ) : (
            <>
              Loaded <strong>{report.name}</strong> with {report.messages.length === 1 ? 'one note' : `${report.messages.length} notes`}:
            </>
          )}
        </span>
        <button type="button" className="icon-button" aria-label="Dismiss messages" onClick={onDismiss}>×</button>
      </div>
      <ul className="import-messages">
        {report.messages.map((m: ImportMessage, i) => (
          <li key={i} className={`import-message import-${m.level}`} data-code={m.code}>
            <span className="import-level">{LEVEL_LABEL[m.level]}</span>
            <span className="import-text">{m.text}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
