// Our draws (brms's output names: b_*, sd_*, cor_*, family parameters, r_*) as the values of the
// exported Stan program's own variables, in CmdStan's CSV order (stanVariables.ts): b, Intercept,
// the family parameters, sd_i, z_i, L_i, the r's, lprior, b_Intercept, Cor_i, cor_i. Whatever
// parameterisation the sampler used (brms's non-centred one or a centred one), the
// non-centred z and L are recomputed from the draw, as brms's program relates them
// (inst/chunks/fun_scale_r_cor.stan): r_j = diag(sd) L z_j per level j, so z_j = (diag(sd) L)^-1 r_j
// with L the Cholesky factor of the correlation matrix the cor_ draws make; uncorrelated terms
// have z = r / sd. Intercept is brms's temporary intercept of the centred predictors:
// b_Intercept + means_X . b (the program's b_Intercept = Intercept - dot_product(means_X, b)).
import type { ModelStructure } from '../types';
import { choleskyDecompose } from '../math/cholesky';
import { lkjCorrCholeskyLpdf } from '../dist/lkjCorrCholesky';
import { cellCount, cellNames, programBlocks, stanOutputVariables, type StanVariable } from './stanVariables';
import { stanLccdf, stanLpdf } from './stanLpdf';

/** Writes one variable's cells (column-major) at out[at...] from one draw of our outputs. */
type Cells = (draw: Float64Array, out: Float64Array, at: number) => void;
/** The resolvers by Stan name, with the number of cells each writes. */
type CellsTable = Map<string, { size: number; c: Cells }>;

interface TermIndex {
  M: number;
  J: number;
  hasCor: boolean;
  sd: number[];
  /** cor_ column per (j, k), j < k, row-major in an M x M table; -1 elsewhere. */
  cor: Int32Array;
  /** r_ column of coefficient m, level j at [m * J + j]. */
  r: Int32Array;
}

export interface StanDrawWriter {
  variables: StanVariable[];
  /** CmdStan CSV names (`b.1`) and bracket names (`b[1]`) of every cell, in order. */
  csvNames: string[];
  bracketNames: string[];
  /** Writes the cells of every variable for one draw (length bracketNames.length). */
  write(draw: Float64Array, out: Float64Array): void;
}

function columnOf(index: Map<string, number>, name: string): number {
  const i = index.get(name);
  if (i === undefined) throw new Error(`The draws have no column '${name}' that the Stan export needs.`);
  return i;
}

function termIndex(s: ModelStructure, t: number, index: Map<string, number>): TermIndex {
  const g = s.groups[t];
  const M = g.coefNames.length;
  const J = g.levels.length;
  const hasCor = g.correlated && M > 1;
  const cor = new Int32Array(M * M).fill(-1);
  if (hasCor) {
    for (let k = 1; k < M; k++) {
      for (let j = 0; j < k; j++) cor[j * M + k] = columnOf(index, `cor_${g.group}__${g.coefNames[j]}__${g.coefNames[k]}`);
    }
  }
  const r = new Int32Array(M * J);
  for (let m = 0; m < M; m++) for (let j = 0; j < J; j++) r[m * J + j] = columnOf(index, `r_${g.group}[${g.levels[j]},${g.coefNames[m]}]`);
  return { M, J, hasCor, sd: g.coefNames.map((c) => columnOf(index, `sd_${g.group}__${c}`)), cor, r };
}

/** The correlation matrix's Cholesky factor (row-major) of one draw; the identity without cor. */
function choleskyOf(tm: TermIndex, draw: Float64Array, cor: Float64Array, L: Float64Array): void {
  const M = tm.M;
  for (let a = 0; a < M; a++) {
    for (let b = 0; b < M; b++) {
      const c = a < b ? tm.cor[a * M + b] : tm.cor[b * M + a];
      cor[a * M + b] = a === b ? 1 : c >= 0 ? draw[c] : 0;
    }
  }
  if (!choleskyDecompose(cor, M, L)) throw new Error('A draw has a correlation matrix that is not positive definite; the Stan export cannot write its z and L.');
}

/** The resolvers of one group term's Stan variables: sd_i, z_i, L_i, r_i, r_i_k, Cor_i, cor_i. */
function termCells(i: number, tm: TermIndex, cells: CellsTable): void {
  const { M, J } = tm;
  const cor = new Float64Array(M * M);
  const L = new Float64Array(M * M);
  const v = new Float64Array(M);
  const put = (name: string, size: number, c: Cells) => cells.set(name, { size, c });
  put(`sd_${i}`, M, (d, out, at) => { for (let m = 0; m < M; m++) out[at + m] = d[tm.sd[m]]; });
  put(`z_${i}`, M * J, (d, out, at) => {
    choleskyOf(tm, d, cor, L);
    for (let j = 0; j < J; j++) {
      // forward substitution: L z = r_j / sd
      for (let m = 0; m < M; m++) {
        let s = d[tm.r[m * J + j]] / d[tm.sd[m]];
        for (let k = 0; k < m; k++) s -= L[m * M + k] * v[k];
        v[m] = s / L[m * M + m];
        out[at + m + M * j] = v[m];
      }
    }
  });
  const square = (fill: () => Float64Array): Cells => (d, out, at) => {
    choleskyOf(tm, d, cor, L);
    const A = fill();
    for (let b = 0; b < M; b++) for (let a = 0; a < M; a++) out[at + a + M * b] = A[a * M + b];
  };
  put(`L_${i}`, M * M, square(() => L));
  put(`Cor_${i}`, M * M, square(() => cor));
  put(`r_${i}`, M * J, (d, out, at) => { for (let m = 0; m < M; m++) for (let j = 0; j < J; j++) out[at + j + J * m] = d[tm.r[m * J + j]]; });
  for (let m = 0; m < M; m++) put(`r_${i}_${m + 1}`, J, (d, out, at) => { for (let j = 0; j < J; j++) out[at + j] = d[tm.r[m * J + j]]; });
  put(`cor_${i}`, (M * (M - 1)) / 2, (d, out, at) => {
    let c = 0;
    for (let k = 1; k < M; k++) for (let j = 0; j < k; j++) out[at + c++] = d[tm.cor[j * M + k]];
  });
}

/** One `lprior += f_lpdf(target | args) [- n * f_lccdf(lb | args)];` statement. */
interface PriorTerm { fn: string; target: string; element: number; args: number[]; lccdf: { n: number; fn: string; at: number; args: number[] } | null }

const NUMBERS = (text: string) => text.split(',').map((t) => Number(t.trim()));

/** The lprior statements of the transformed parameters block. */
function priorTerms(program: string): PriorTerm[] {
  const text = (programBlocks(program).get('transformed parameters') ?? []).join('\n');
  const out: PriorTerm[] = [];
  for (const st of text.split(';')) {
    if (!/lprior \+=/.test(st)) continue;
    const m = /lprior \+= (\w+)_lpdf\((\w+)(?:\[(\d+)\])? \| ([^)]*)\)(?:\s*-\s*(\d+) \* (\w+)_lccdf\(([^|]+) \| ([^)]*)\))?\s*$/.exec(st);
    if (!m) throw new Error(`The Stan export cannot evaluate the prior statement '${st.trim().slice(0, 80)}'.`);
    out.push({
      fn: m[1], target: m[2], element: m[3] ? Number(m[3]) : 0, args: NUMBERS(m[4]),
      lccdf: m[5] ? { n: Number(m[5]), fn: m[6], at: Number(m[7]), args: NUMBERS(m[8]) } : null,
    });
  }
  return out;
}

/** lprior from the values already written for this draw (the parameters come first). */
function lpriorCells(program: string, where: Map<string, { at: number; v: StanVariable }>): Cells {
  const terms = priorTerms(program);
  // the truncation terms are constants: once
  const constant = terms.reduce((s, t) => s - (t.lccdf ? t.lccdf.n * stanLccdf(t.lccdf.fn, t.lccdf.at, t.lccdf.args) : 0), 0);
  let scratch = new Float64Array(0);
  return (_d, out, at) => {
    let lp = constant;
    for (const t of terms) {
      const w = where.get(t.target);
      if (!w) throw new Error(`The prior statement on '${t.target}' names no parameter of the program.`);
      const n = cellCount(w.v);
      if (t.fn === 'lkj_corr_cholesky') {
        const M = w.v.dims[0];
        if (scratch.length < M * M) scratch = new Float64Array(M * M);
        for (let b = 0; b < M; b++) for (let a = 0; a < M; a++) scratch[a * M + b] = out[w.at + a + M * b];
        lp += lkjCorrCholeskyLpdf(scratch, M, t.args[0]);
      } else {
        lp += stanLpdf(t.fn, t.element ? [out[w.at + t.element - 1]] : out.subarray(w.at, w.at + n), t.args);
      }
    }
    out[at] = lp;
  };
}

/**
 * The writer for `program` (exportStan.ts's, in either syntax) and its data, from draws whose
 * columns are `outputNames` (the model's brms names). Throws, naming the variable, when the
 * program declares something it cannot compute from the draws.
 */
export function stanDrawWriter(s: ModelStructure, program: string, data: Record<string, unknown>, outputNames: readonly string[]): StanDrawWriter {
  const index = new Map(outputNames.map((n, i) => [n, i]));
  const variables = stanOutputVariables(program, data);
  const cells: CellsTable = new Map();
  const b = s.bNames.map((n) => columnOf(index, `b_${n}`));
  cells.set('b', { size: b.length, c: (d, out, at) => { for (let k = 0; k < b.length; k++) out[at + k] = d[b[k]]; } });
  if (s.hasIntercept) {
    const means = new Float64Array(s.K);
    for (let i = 0; i < s.N; i++) for (let k = 0; k < s.K; k++) means[k] += s.X[i * s.K + k];
    for (let k = 0; k < s.K; k++) means[k] /= s.N;
    const bi = columnOf(index, 'b_Intercept');
    cells.set('Intercept', { size: 1, c: (d, out, at) => {
      let v = d[bi];
      for (let k = 0; k < b.length; k++) v += means[k] * d[b[k]];
      out[at] = v;
    } });
  }
  s.groups.forEach((g, t) => termCells(g.id, termIndex(s, t, index), cells));
  const where = new Map<string, { at: number; v: StanVariable }>();
  let at = 0;
  for (const v of variables) { where.set(v.name, { at, v }); at += cellCount(v); }
  cells.set('lprior', { size: 1, c: lpriorCells(program, where) });
  const plan = variables.map((v) => {
    const direct = index.get(v.name);
    const known = cells.get(v.name);
    // a resolver of another shape (a family's vector of thresholds named Intercept, say) is no resolver
    const c = known && known.size === cellCount(v) ? known.c
      : !known && direct !== undefined && v.dims.length === 0 ? ((d: Float64Array, out: Float64Array, a: number) => { out[a] = d[direct]; }) : undefined;
    if (!c) throw new Error(`The Stan export cannot write the draws of '${v.name}' (${v.block}); export the draws CSV instead.`);
    return { c, at: where.get(v.name)!.at };
  });
  const names = variables.map(cellNames);
  return {
    variables,
    csvNames: names.flatMap((n) => n.csv),
    bracketNames: names.flatMap((n) => n.bracket),
    write(draw, out) { for (const p of plan) p.c(draw, out, p.at); },
  };
}
