import { describe, expect, it } from 'vitest';
import { progressLine, ProgressReporter } from '../../src/cli/progress';
import type { ChainProgressState } from '../../src/cli/runThreads';

const chains: ChainProgressState[] = [
  { phase: 'warmup', done: 50, total: 200 },
  { phase: 'sampling', done: 150, total: 200 },
  { phase: 'queued', done: 0, total: 0 },
  { phase: 'done', done: 200, total: 200 },
];

describe('CLI progress', () => {
  it('shows an overall bar, every chain in warmup (W) or sampling (S), and iterations per second', () => {
    expect(progressLine(chains, 800, 2)).toBe('[==========>         ]  50%  1:W 25%  2:S 75%  3:queued  4:done  200 it/s  2.0 s');
  });

  it('redraws one line on a terminal and cuts it to the terminal width', () => {
    const out: string[] = [];
    const r = new ProgressReporter({ isTTY: true, columns: 50, write: (s) => out.push(s) }, 800);
    r.update(chains);
    r.finish();
    expect(out[0].startsWith('\r\x1b[K[')).toBe(true);
    expect(out[0].length).toBe('\r\x1b[K'.length + 49);
    expect(out.at(-1)).toBe('\r\x1b[K');
  });

  it('writes only a few plain lines when stderr is not a terminal, and nothing without a sink', () => {
    const out: string[] = [];
    const r = new ProgressReporter({ isTTY: false, write: (s) => out.push(s) }, 1000);
    for (let d = 0; d <= 1000; d += 10) r.update([{ phase: 'sampling', done: d, total: 1000 }]);
    expect(out.length).toBe(6); // 0%, 20%, ..., 100%
    expect(out.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
    expect(() => new ProgressReporter(null, 10).update(chains)).not.toThrow();
  });
});
