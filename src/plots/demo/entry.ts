// Bundled by tests/e2e/plots.spec.ts (esbuild, IIFE): renders the demo into #root and exposes it,
// the export functions and the whole public API (for tests that build charts of their own).
import { renderPlotsDemo } from './renderPlotsDemo';
import * as plots from '../index';

const w = window as unknown as Record<string, unknown>;
w.plotsDemo = renderPlotsDemo(document.getElementById('root')!);
w.plotsExport = { toPngBlob: plots.toPngBlob, toSvgString: plots.toSvgString };
w.plots = plots;
