// Progress on stderr while the chains run: one redrawn line on a terminal (every chain's phase
// and percentage, iterations per second), occasional plain lines otherwise, nothing with --quiet.
import type { ChainProgressState } from './runThreads';

export interface ProgressSink {
  isTTY: boolean;
  columns?: number;
  write(text: string): void;
}

/**
 * `[=========>          ] 45%  1:W 38%  2:S 83%  3:queued  4:done  1440 it/s  5.6 s`
 * (overall bar, then each chain: W warmup, S sampling; then iterations per second and time).
 */
export function progressLine(chains: ChainProgressState[], expectedTotal: number, elapsedSeconds: number): string {
  let done = 0;
  const parts = chains.map((c, i) => {
    done += c.done;
    if (c.phase === 'queued' || c.phase === 'done') return `${i + 1}:${c.phase}`;
    const pct = c.total > 0 ? Math.floor((100 * c.done) / c.total) : 0;
    return `${i + 1}:${c.phase === 'warmup' ? 'W' : 'S'} ${pct}%`;
  });
  const share = expectedTotal > 0 ? Math.min(1, done / expectedTotal) : 0;
  const width = 20;
  const filled = Math.floor(share * width);
  const bar = '='.repeat(filled) + (filled < width ? '>' + ' '.repeat(width - filled - 1) : '');
  const rate = elapsedSeconds > 0 ? Math.round(done / elapsedSeconds) : 0;
  return `[${bar}] ${String(Math.floor(share * 100)).padStart(3)}%  ${parts.join('  ')}  ${rate} it/s  ${elapsedSeconds.toFixed(1)} s`;
}

export class ProgressReporter {
  private readonly start = Date.now();
  private lastDraw = 0;
  private lastStep = -1;
  private drawn = false;

  /** `expectedTotal`: iterations of all chains together (chains x (warmup + iter)). */
  constructor(private readonly sink: ProgressSink | null, private readonly expectedTotal: number) {}

  update(chains: ChainProgressState[]): void {
    if (!this.sink) return;
    const now = Date.now();
    const elapsed = (now - this.start) / 1000;
    if (this.sink.isTTY) {
      if (now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = Math.max(40, (this.sink.columns || 100) - 1);
      const line = progressLine(chains, this.expectedTotal, elapsed);
      this.sink.write(`\r\x1b[K${line.length > width ? line.slice(0, width) : line}`);
      this.drawn = true;
      return;
    }
    // Not a terminal (CI logs, pipes): a line at every 20% of the total and no more.
    let done = 0;
    for (const c of chains) done += c.done;
    const step = this.expectedTotal > 0 ? Math.floor((5 * done) / this.expectedTotal) : 0;
    if (step > this.lastStep) {
      this.lastStep = step;
      this.sink.write(progressLine(chains, this.expectedTotal, elapsed) + '\n');
    }
  }

  /** Clears the live line (TTY) before the summary is printed. */
  finish(): void {
    if (this.sink?.isTTY && this.drawn) this.sink.write('\r\x1b[K');
  }
}
