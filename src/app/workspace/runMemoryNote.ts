// Before Run: whether the run's draws fit in a browser tab (issue 22 items 7 and 13). The estimate
// is core/sampler/runMemory.ts's (the same as the CLI's check, with what the page keeps per draw).
import { BROWSER_HARD_LIMIT_BYTES, BROWSER_WARN_BYTES, checkRunMemory, formatBytes } from '../../core/sampler/runMemory';

export interface MemoryNote {
  /** Run is refused with this message. */
  block: string | null;
  /** Run is allowed; the page says this next to it. */
  warn: string | null;
}

/**
 * The tab's limit: the hard limit, or half the device memory when the browser reports it
 * (navigator.deviceMemory, in GiB, rounded down and capped at 8 by Chromium).
 */
export function browserMemoryLimit(deviceMemoryGiB: number | undefined): number {
  if (!(typeof deviceMemoryGiB === 'number' && deviceMemoryGiB > 0)) return BROWSER_HARD_LIMIT_BYTES;
  return Math.min(BROWSER_HARD_LIMIT_BYTES, (deviceMemoryGiB * 2 ** 30) / 2);
}

const count = (n: number): string => n.toLocaleString('en-US');

export function runMemoryNote(
  settings: { chains: number; warmup: number; iter: number }, parameters: number, limit: number,
): MemoryNote {
  const v = checkRunMemory({ ...settings, parameters }, 'browser', limit);
  if (!v.fits) {
    const fix = v.maxIter >= 1 ? `Use at most ${count(v.maxIter)} iterations, fewer chains,` : 'Use fewer chains or warmup iterations,';
    return {
      block: `This run needs about ${formatBytes(v.bytes)} in this tab (${settings.chains} chains x ` +
        `${count(settings.warmup + settings.iter)} iterations x ${count(parameters)} parameters); the limit here is ` +
        `${formatBytes(limit)}. ${fix} or the command line (npm run fit).`,
      warn: null,
    };
  }
  if (v.bytes > Math.min(BROWSER_WARN_BYTES, limit / 2)) {
    return {
      block: null,
      warn: `This run needs about ${formatBytes(v.bytes)} in this tab; a browser may close the page when memory runs short. ` +
        'Fewer iterations or chains need less.',
    };
  }
  return { block: null, warn: null };
}
