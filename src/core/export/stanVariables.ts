// The variables a Stan program writes to CmdStan's output CSV, read from the program text: every
// top-level declaration of the parameters, transformed parameters and generated quantities
// blocks, in declaration order (Stan Reference Manual, "Program block: generated quantities":
// the output holds the three blocks' variables in that order). Sizes come from the data JSON and
// the transformed data's integer definitions (`int Kc = K - 1;`). CmdStan names a container's
// cells `name.i.j`, first index fastest (column-major, arrays included).

export type OutputBlock = 'parameters' | 'transformed parameters' | 'generated quantities';

export interface StanVariable {
  name: string;
  block: OutputBlock;
  /** Array sizes first, then the vector / matrix sizes ([] for a scalar). */
  dims: number[];
}

const OUTPUT_BLOCKS: readonly OutputBlock[] = ['parameters', 'transformed parameters', 'generated quantities'];
const SQUARE = new Set(['cholesky_factor_corr', 'corr_matrix', 'cov_matrix', 'cholesky_factor_cov']);
// `array[dims] type<bounds>[sizes] name` (current syntax) or `type<bounds>[sizes] name[dims]` (old)
const DECLARATION = /^ {2}(?:array\[([^\]]*)\]\s+)?([a-z_]+)(?:<[^>]*>)?(?:\[([^\]]*)\])?\s+([A-Za-z]\w*)(?:\[([^\]]*)\])?\s*(?:=|;)/;
const TYPES = new Set(['int', 'real', 'vector', 'row_vector', 'matrix', 'simplex', 'ordered', 'positive_ordered', 'unit_vector', ...SQUARE]);

/** The lines of each top-level block `name {` ... `}` of a generated program. */
export function programBlocks(program: string): Map<string, string[]> {
  const blocks = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of program.split('\n')) {
    const open = /^([a-z ]+) \{$/.exec(line);
    if (!current && open) { current = []; blocks.set(open[1], current); continue; }
    if (current && line === '}') { current = null; continue; }
    current?.push(line);
  }
  return blocks;
}

/** Integer sizes: the data's integer scalars and transformed data's `int A = B - c;` lines. */
function sizeTable(blocks: Map<string, string[]>, data: Record<string, unknown>): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries(data)) if (typeof v === 'number' && Number.isInteger(v)) sizes.set(k, v);
  for (const line of blocks.get('transformed data') ?? []) {
    const m = /^ {2}int (\w+) = (\w+)(?: ([+-]) (\d+))?;/.exec(line);
    if (m && sizes.has(m[2])) sizes.set(m[1], sizes.get(m[2])! + (m[3] ? (m[3] === '+' ? 1 : -1) * Number(m[4]) : 0));
  }
  return sizes;
}

function resolveSizes(text: string | undefined, sizes: Map<string, number>, what: string): number[] {
  if (text === undefined || text.trim() === '') return [];
  return text.split(',').map((t) => {
    const e = t.trim();
    const v = /^\d+$/.test(e) ? Number(e) : sizes.get(e);
    if (v === undefined) throw new Error(`The Stan export cannot size ${what}: '${e}' is not a data value.`);
    return v;
  });
}

/** The output variables of `program` with their sizes, in CmdStan's CSV order. */
export function stanOutputVariables(program: string, data: Record<string, unknown>): StanVariable[] {
  const blocks = programBlocks(program);
  const sizes = sizeTable(blocks, data);
  const out: StanVariable[] = [];
  for (const block of OUTPUT_BLOCKS) {
    for (const line of blocks.get(block) ?? []) {
      const m = DECLARATION.exec(line);
      if (!m || !TYPES.has(m[2])) continue;
      const [, arrayDims, type, typeDims, name, oldArrayDims] = m;
      const inner = resolveSizes(typeDims, sizes, name);
      const dims = [...resolveSizes(arrayDims ?? oldArrayDims, sizes, name), ...(SQUARE.has(type) ? [inner[0], inner[0]] : inner)];
      out.push({ name, block, dims });
    }
  }
  return out;
}

/** Number of cells of a variable. */
export function cellCount(v: StanVariable): number {
  return v.dims.reduce((a, b) => a * b, 1);
}

/** The 1-based indices of every cell, first index fastest (CmdStan's and rstan's order). */
export function cellIndices(dims: readonly number[]): number[][] {
  const n = dims.reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let c = 0; c < n; c++) {
    const idx: number[] = [];
    let rest = c;
    for (const d of dims) { idx.push((rest % d) + 1); rest = Math.floor(rest / d); }
    out.push(idx);
  }
  return out;
}

/** CmdStan's CSV column names of a variable (`b.1`, `z_1.2.3`), and the bracket form (`b[1]`). */
export function cellNames(v: StanVariable): { csv: string[]; bracket: string[] } {
  if (v.dims.length === 0) return { csv: [v.name], bracket: [v.name] };
  const idx = cellIndices(v.dims);
  return { csv: idx.map((i) => `${v.name}.${i.join('.')}`), bracket: idx.map((i) => `${v.name}[${i.join(',')}]`) };
}
