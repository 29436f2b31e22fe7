// A small seeded random source for the fuzz generators: MT19937 (@stdlib/random-base-mt19937)
// seeded per case, so every failing case is reproduced from its seed alone.
import mt19937 from '@stdlib/random-base-mt19937';

export class Random {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mt19937.factory({ seed: seed >>> 0 || 1 });
  }
  /** Uniform on [0, 1). */
  float(): number { return this.next() / 4294967296; }
  /** Integer in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number { return lo + Math.floor(this.float() * (hi - lo + 1)); }
  /** True with probability p. */
  chance(p: number): boolean { return this.float() < p; }
  pick<T>(items: readonly T[]): T { return items[Math.floor(this.float() * items.length)]; }
  /** One of the items, chosen with the given weights. */
  weighted<T>(items: readonly (readonly [number, T])[]): T {
    const total = items.reduce((a, [w]) => a + w, 0);
    let u = this.float() * total;
    for (const [w, v] of items) { u -= w; if (u < 0) return v; }
    return items[items.length - 1][1];
  }
}
