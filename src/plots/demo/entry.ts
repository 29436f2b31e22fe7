// Bundled by tests/e2e/plots.spec.ts (esbuild, IIFE): renders the demo into #root and exposes it.
import { renderPlotsDemo } from './renderPlotsDemo';
import { toPngBlob } from '../export/toPngBlob';
import { toSvgString } from '../export/toSvgString';

const w = window as unknown as Record<string, unknown>;
w.plotsDemo = renderPlotsDemo(document.getElementById('root')!);
w.plotsExport = { toPngBlob, toSvgString };
