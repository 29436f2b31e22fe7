// Keyboard focus through a run: Run and Sample more are disabled while chains run, so a focused
// one would drop the focus to the page body. Focus moves to Stop instead, and back to the
// button that started the run when it ends (only if the focus is still on Stop or lost).
import { useEffect, useRef } from 'react';

export function useRunFocus(running: boolean) {
  const runButton = useRef<HTMLButtonElement>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const moreButton = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLButtonElement | null>(null);
  useEffect(() => {
    const active = document.activeElement;
    const lost = active === null || active === document.body;
    if (running) {
      if (active === runButton.current || active === moreButton.current || lost) {
        returnFocus.current = active === moreButton.current ? moreButton.current : runButton.current;
        stopButton.current?.focus();
      }
    } else if (returnFocus.current) {
      const target = returnFocus.current;
      returnFocus.current = null;
      if (active === stopButton.current || lost) target.focus();
    }
  }, [running]);
  return { runButton, stopButton, moreButton };
}
