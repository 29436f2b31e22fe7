// Data shapes the charts accept (what the DrawStore hands out) and the handle every chart returns.

/** One chain's draws of one parameter: `values[0..count)` are filled, the rest is spare capacity. */
export interface ChainDraws {
  values: Float64Array;
  /** Number of filled entries (grows while the chain runs). */
  count: number;
}

/**
 * Draws of one parameter, per chain. Entry i of a chain is iteration i + 1; the first `warmup`
 * entries are warmup draws (0 when the store keeps no warmup draws).
 */
export interface ParameterDraws {
  chains: ChainDraws[];
  warmup: number;
}

/** One chain of the pairs plot: k parameters plus Stan's divergent__ flag (0/1) per draw. */
export interface PairsChain {
  /** One Float64Array per parameter, in the order of `PairsData.names`. */
  params: Float64Array[];
  /** divergent__ per draw, 1 for a divergent transition. */
  divergent: Float64Array;
  count: number;
}

export interface PairsData {
  /** 2 to 5 parameter names. */
  names: string[];
  chains: PairsChain[];
  /** Leading warmup entries to skip (default 0). */
  warmup?: number;
}

/** One row of a caterpillar / intervals plot: posterior mean with 50% and 90% intervals. */
export interface IntervalRow {
  label: string;
  mean: number;
  lo90: number;
  hi90: number;
  lo50: number;
  hi50: number;
}

/** Posterior predictive check input: observed y and replicated datasets. */
export interface PpcData {
  y: Float64Array;
  yrep: Float64Array[];
}

/** What every chart returns: cheap updates for requestAnimationFrame, and cleanup. */
export interface PlotHandle<D> {
  /** The chart's root element (role="img"); pass it to toPngBlob. */
  readonly element: HTMLElement;
  /** The SVG layer (axes, labels); pass it to toSvgString. */
  readonly svg: SVGSVGElement;
  update(data: D): void;
  resize(width: number, height?: number): void;
  destroy(): void;
}

/** Options shared by all charts. */
export interface BaseOptions {
  /** CSS pixels; default: the container's width, else 600. */
  width?: number;
  /** CSS pixels. */
  height?: number;
  /** Title drawn above the plot and used in the aria-label (e.g. the parameter name). */
  title?: string;
}
