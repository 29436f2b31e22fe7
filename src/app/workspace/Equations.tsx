// The model in multilevel notation, rendered with KaTeX (bundled fonts, no network).
import { memo, useMemo } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';

export const Equations = memo(function Equations({ latex, stale }: { latex: string | null; stale: boolean }) {
  const html = useMemo(() => {
    if (!latex) return null;
    try {
      return katex.renderToString(latex, { displayMode: true, throwOnError: false, output: 'htmlAndMathml' });
    } catch (err) {
      return null;
    }
  }, [latex]);
  return (
    <section className={`ws-card ws-equations${stale ? ' ws-stale' : ''}`} aria-label="Model equations">
      <h3 className="ws-title">Model equations{stale ? <span className="ws-hint"> (last valid model)</span> : null}</h3>
      {html ? <div className="ws-katex" dangerouslySetInnerHTML={{ __html: html }} /> : <p className="ws-hint">The model appears here once the formula is complete.</p>}
    </section>
  );
});
