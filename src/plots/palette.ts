// Okabe & Ito (2008) colour-blind-safe palette, reordered so the first four chains are the most
// distinguishable on white (blue, orange, bluish green, reddish purple); yellow comes late.
const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];

/** Colour of chain `index` (0-based); cycles after eight chains. */
export function chainColor(index: number): string {
  return OKABE_ITO[((index % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length];
}
