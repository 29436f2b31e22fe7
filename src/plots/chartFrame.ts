import type { PlotHandle } from './types';
import { select, type Selection } from 'd3';

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
export const FONT_SIZE = 12;
export const TEXT_COLOR = '#222';

export interface ChartFrame {
  /** The chart's root: role="img" with an aria-label; sized width x height. */
  root: HTMLDivElement;
  /** Canvas layer under the SVG (many points), or null for pure-SVG charts. */
  canvas: HTMLCanvasElement | null;
  ctx: CanvasRenderingContext2D | null;
  svg: Selection<SVGSVGElement, unknown, null, undefined>;
  width: number;
  height: number;
  /** Resizes root, canvas (device pixels, context scaled to CSS pixels) and SVG. */
  setSize(width: number, height: number): void;
  /** Sets the accessible name (aria-label) and the SVG <title> used in exports. */
  setLabel(text: string): void;
  destroy(): void;
}

/**
 * Builds the layered chart element inside `container`: an optional canvas for the marks and an
 * SVG on top for axes and text. Styling is set as attributes (not CSS) so the SVG exports as is.
 */
export function createChartFrame(
  container: HTMLElement,
  kind: string,
  width: number,
  height: number,
  withCanvas: boolean,
): ChartFrame {
  const root = document.createElement('div');
  root.setAttribute('role', 'img');
  root.dataset.plot = kind;
  root.style.position = 'relative';
  root.style.display = 'block';
  root.style.overflow = 'hidden';
  container.appendChild(root);

  let canvas: HTMLCanvasElement | null = null;
  let ctx: CanvasRenderingContext2D | null = null;
  if (withCanvas) {
    canvas = document.createElement('canvas');
    canvas.dataset.plotLayer = 'canvas';
    canvas.setAttribute('aria-hidden', 'true');
    canvas.style.position = 'absolute';
    canvas.style.left = '0';
    canvas.style.top = '0';
    root.appendChild(canvas);
    ctx = canvas.getContext('2d');
  }
  const svg = select(root)
    .append('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('aria-hidden', 'true')
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', FONT_SIZE)
    .attr('fill', TEXT_COLOR)
    .style('position', 'absolute')
    .style('left', '0')
    .style('top', '0')
    .style('overflow', 'visible');
  const title = svg.append('title');

  const frame: ChartFrame = {
    root,
    canvas,
    ctx,
    svg,
    width,
    height,
    setSize(w, h) {
      frame.width = w;
      frame.height = h;
      root.style.width = `${w}px`;
      root.style.height = `${h}px`;
      svg.attr('width', w).attr('height', h).attr('viewBox', `0 0 ${w} ${h}`);
      if (canvas && ctx) {
        const dpr = window.devicePixelRatio || 1;
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
        canvas.style.width = `${w}px`;
        canvas.style.height = `${h}px`;
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      }
    },
    setLabel(text) {
      root.setAttribute('aria-label', text);
      title.text(text);
    },
    destroy() {
      root.remove();
    },
  };
  frame.setSize(width, height);
  return frame;
}

/**
 * Draws a chart for the first time and wraps it in the handle every chart returns. Bad input
 * leaves nothing half-drawn behind: the frame is removed and the error rethrown.
 */
export function mountChart<D>(
  frame: ChartFrame,
  render: () => void,
  setData: (next: D) => void,
  defaultHeight: (width: number) => number = () => frame.height,
): PlotHandle<D> {
  try {
    render();
  } catch (err) {
    frame.destroy();
    throw err;
  }
  return {
    element: frame.root,
    svg: frame.svg.node()!,
    update(next) {
      setData(next);
      render();
    },
    resize(width, height) {
      frame.setSize(width, height ?? defaultHeight(width));
      render();
    },
    destroy() {
      frame.destroy();
    },
  };
}
