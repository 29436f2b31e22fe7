// The header of the fit shown, as brms prints it above a summary (Family, Links, Formula, Data,
// Draws), with the fit's name and status, and a marker when the model in the editor is another one.
import type { DrawStore } from '../../client/drawStore';
import { fitHeader } from './store/selectors';
import type { Fit } from './store/types';

const joinWords = (xs: string[]) => (xs.length < 2 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export function FitHeader({ fit, store, differences, tick }: {
  fit: Fit;
  store: DrawStore | null;
  /** What differs between the editor's model and the fit's ('formula', 'family', 'priors', 'data'). */
  differences: string[];
  /** Re-renders the draws line while the fit runs. */
  tick: number;
}) {
  void tick;
  const lines = fitHeader(fit, store);
  return (
    <section className="ws-card ws-fit-head" aria-label="Fit">
      <h3 className="ws-title">{fit.name}</h3>
      <dl className="ws-brms-head">
        {lines.map((l) => (
          <div key={l.label}>
            <dt>{l.label}:</dt>
            <dd>{l.text}</dd>
          </div>
        ))}
      </dl>
      {fit.data.dropped.length ? <p className="ws-hint">{fit.data.dropped.join(' ')}</p> : null}
      {differences.length ? (
        <p className="ws-stale" role="status" aria-label="Stale results">
          These results belong to a different model: the {joinWords(differences)} in the editor differ{differences.length === 1 ? 's' : ''} from
          this fit's. Run to fit the edited model, or choose "Duplicate into editor" in the model list to edit this one again.
        </p>
      ) : null}
    </section>
  );
}
