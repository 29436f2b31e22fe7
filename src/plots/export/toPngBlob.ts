/**
 * PNG of a chart: every canvas and SVG layer inside `element` (a chart handle's .element; layers
 * marked data-export="skip", like a sticky header, are left out) composited at its position on a
 * white background, at `scale` device pixels per CSS pixel. A scrolling chart is rendered whole.
 */
export async function toPngBlob(element: HTMLElement, scale = window.devicePixelRatio || 1): Promise<Blob> {
  if (!(scale > 0)) throw new Error(`toPngBlob: scale must be positive, got ${scale}`);
  const base = element.getBoundingClientRect();
  const layers = Array.from(element.querySelectorAll<HTMLCanvasElement | SVGSVGElement>('canvas, svg'))
    .filter((el) => !el.closest('[data-export="skip"]') && !(el instanceof SVGSVGElement && el.parentElement?.closest('svg')));
  if (layers.length === 0) throw new Error('toPngBlob: the element holds no canvas or svg layer to export');

  // Positions in the element's content coordinates: undo the scrolling of every ancestor in between.
  const placed = layers.map((el) => {
    const r = el.getBoundingClientRect();
    let dx = r.left - base.left;
    let dy = r.top - base.top;
    for (let a = el.parentElement; a && a !== element.parentElement; a = a.parentElement) {
      dx += a.scrollLeft;
      dy += a.scrollTop;
    }
    const width = el instanceof SVGSVGElement ? Number(el.getAttribute('width')) || r.width : r.width;
    const height = el instanceof SVGSVGElement ? Number(el.getAttribute('height')) || r.height : r.height;
    return { el, dx, dy, width, height };
  });
  const minX = Math.min(0, ...placed.map((p) => p.dx));
  const minY = Math.min(...placed.map((p) => p.dy));
  const outW = Math.max(...placed.map((p) => p.dx + p.width)) - minX;
  const outH = Math.max(...placed.map((p) => p.dy + p.height)) - minY;

  const out = document.createElement('canvas');
  out.width = Math.max(1, Math.round(outW * scale));
  out.height = Math.max(1, Math.round(outH * scale));
  const ctx = out.getContext('2d');
  if (!ctx) throw new Error('toPngBlob: this browser gave no 2D canvas context');
  ctx.scale(scale, scale);
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, outW, outH);
  for (const p of placed) {
    const x = p.dx - minX;
    const y = p.dy - minY;
    if (p.el instanceof HTMLCanvasElement) ctx.drawImage(p.el, x, y, p.width, p.height);
    else ctx.drawImage(await svgImage(p.el, p.width, p.height), x, y, p.width, p.height);
  }
  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('toPngBlob: the canvas could not be encoded as PNG'))), 'image/png');
  });
}

function svgImage(svg: SVGSVGElement, width: number, height: number): Promise<HTMLImageElement> {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.removeAttribute('style');
  const text = new XMLSerializer().serializeToString(clone);
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml;charset=utf-8' }));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      URL.revokeObjectURL(url);
      resolve(img);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('toPngBlob: the SVG layer could not be rasterised'));
    };
    img.src = url;
  });
}
