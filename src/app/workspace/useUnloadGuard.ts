// Asks before the page unloads (reload, close, navigation) while `active`: a running fit lives
// only in this page's workers and memory, so leaving would lose it without a word. Browsers show
// their own generic text; preventDefault plus returnValue is what each of them needs
// (HTML Living Standard, "unloading documents": the beforeunload event's canceled flag).
import { useEffect } from 'react';

export function useUnloadGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);
}
