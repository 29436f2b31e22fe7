/**
 * Standalone SVG document text for a chart's SVG layer (handle.svg): namespaces, size and a white
 * background added; canvas layers that sit under it in the chart (canvas[data-plot-layer]) are
 * embedded as <image> data URLs at their on-screen position, so canvas charts export complete.
 */
export function toSvgString(svgElement: SVGSVGElement): string {
  if (!(svgElement instanceof SVGSVGElement)) {
    throw new Error('toSvgString: expected an <svg> element (a chart handle\'s .svg)');
  }
  const box = svgElement.getBoundingClientRect();
  const width = Number(svgElement.getAttribute('width')) || box.width;
  const height = Number(svgElement.getAttribute('height')) || box.height;
  const clone = svgElement.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  if (!clone.getAttribute('viewBox')) clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  clone.removeAttribute('style');
  clone.removeAttribute('aria-hidden');

  const ns = 'http://www.w3.org/2000/svg';
  const first = clone.querySelector(':scope > title')?.nextSibling ?? clone.firstChild;
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height));
  background.setAttribute('fill', '#fff');
  clone.insertBefore(background, first);

  const parent = svgElement.parentElement;
  const canvases = parent ? Array.from(parent.querySelectorAll<HTMLCanvasElement>(':scope > canvas[data-plot-layer]')) : [];
  for (const canvas of canvases) {
    const r = canvas.getBoundingClientRect();
    const image = document.createElementNS(ns, 'image');
    image.setAttribute('x', String(r.left - box.left));
    image.setAttribute('y', String(r.top - box.top));
    image.setAttribute('width', String(r.width));
    image.setAttribute('height', String(r.height));
    image.setAttribute('preserveAspectRatio', 'none');
    image.setAttribute('href', canvas.toDataURL('image/png'));
    clone.insertBefore(image, background.nextSibling);
  }
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(clone);
}
