import type { IntervalRow, PlotHandle } from './types';
import { caterpillarPlot, type CaterpillarOptions } from './caterpillarPlot';

/**
 * Population-level effects (b_ parameters) as mean + 50% and 90% intervals, in the given order,
 * with a zero line: a caterpillar plot that neither sorts nor scrolls.
 */
export function intervalsPlot(container: HTMLElement, rows: IntervalRow[], options: CaterpillarOptions = {}): PlotHandle<IntervalRow[]> {
  return caterpillarPlot(container, rows, {
    sort: 'none',
    maxHeight: Number.MAX_SAFE_INTEGER,
    kind: 'Intervals plot',
    rowHeight: 24,
    ...options,
  });
}
