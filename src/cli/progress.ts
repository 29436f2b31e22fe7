// Progress on stderr while the chains run: one redrawn line on a terminal (every chain's phase
// and percentage, iterations per second), occasional plain lines otherwise, nothing with --quiet.
import type { ChainProgressState } from './runThreads';

export interface ProgressSink {
  isTTY: boolean;
  columns?: number;
  write(text: string): void;
}

export function progressLine(chains: ChainProgressState[], elapsedSeconds: number): string {
  let done = 0;
  const parts = chains.map((c, i) => {
    done += c.done;
    const pct = c.total > 0 ? Math.floor((100 * c.done) / c.total) : 0;
    const tag = c.phase === 'warmup' ? 'warmup' : c.phase === 'sampling' ? 'sampling' : c.phase;
    return `chain ${i + 1} ${pct}% ${tag}`;
  });
  const rate = elapsedSeconds > 0 ? Math.round(done / elapsedSeconds) : 0;
  return `${parts.join(' | ')} | ${rate} it/s | ${elapsedSeconds.toFixed(1)} s`;
}

export class ProgressReporter {
  private readonly start = Date.now();
  private lastDraw = 0;
  private lastStep = -1;
  private drawn = false;

  constructor(private readonly sink: ProgressSink | null) {}

  update(chains: ChainProgressState[]): void {
    if (!this.sink) return;
    const now = Date.now();
    const elapsed = (now - this.start) / 1000;
    if (this.sink.isTTY) {
      if (now - this.lastDraw < 100) return;
      this.lastDraw = now;
      const width = Math.max(20, (this.sink.columns ?? 120) - 1);
      const line = progressLine(chains, elapsed);
      this.sink.write(`\r\x1b[K${line.length > width ? line.slice(0, width) : line}`);
      this.drawn = true;
      return;
    }
    // Not a terminal (CI logs, pipes): a line at every 20% of the total and no more.
    let done = 0;
    let total = 0;
    for (const c of chains) { done += c.done; total += c.total; }
    const step = total > 0 ? Math.floor((5 * done) / total) : 0;
    if (step > this.lastStep) {
      this.lastStep = step;
      this.sink.write(progressLine(chains, elapsed) + '\n');
    }
  }

  /** Clears the live line (TTY) before the summary is printed. */
  finish(): void {
    if (this.sink?.isTTY && this.drawn) this.sink.write('\r\x1b[K');
  }
}
