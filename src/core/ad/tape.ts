// Reverse-mode automatic differentiation over whole Float64Array vectors (algorithms.md §f; Stan
// Math's "var of matrix" and reverse_pass_callback design). A vector is an integer handle into one
// arena of values and adjoints; every operation is one record (an op code and a few integers) and
// one backward step over contiguous memory. The arena is reset, not freed, per gradient: after the
// first evaluation of a model it has its final size and recording allocates nothing.
//
//   const tape = new Tape();
//   const X = tape.constant(Xdata);                 // registered once, never copied
//   ... per gradient:
//   tape.reset();
//   const b = tape.input(theta, 0, K);
//   const lp = tape.lpdf('normal', y, tape.matVec(X, N, K, b), sigma);
//   tape.gradient(lp); tape.readAdjoint(b, grad, 0);
import { DENSITIES, DENSITY_CODE, type DensityName } from './densityTable';

const CODE_NORMAL = DENSITY_CODE.normal;
import { invLogit, log1pExp } from '../math/special';

/** Handle of a vector on the tape (or of a registered constant). */
export type Vec = number;

const OP_INPUT = 0, OP_ADD = 1, OP_SUB = 2, OP_MUL = 3, OP_DIV = 4, OP_NEG = 5, OP_EXP = 6, OP_LOG = 7,
  OP_LOG1P_EXP = 8, OP_INV_LOGIT = 9, OP_SQUARE = 10, OP_SQRT = 11, OP_TANH = 12, OP_SCALE = 13,
  OP_ADD_SCALAR = 14, OP_SUM = 15, OP_DOT = 16, OP_MATVEC = 17, OP_GATHER = 18, OP_LPDF = 19,
  OP_CALLBACK = 20;

/** A reverse step for a custom operation: reads the output adjoint, adds into the inputs' adjoints. */
export type ReverseCallback = (tape: Tape, out: Vec) => void;

export class Tape {
  private val: Float64Array;
  private adj: Float64Array;
  private top = 0;
  private vOff: Int32Array;
  private vLen: Int32Array;
  private nVec = 0;
  private nPermanent = 0;
  private opCode: Int32Array;
  private opOut: Int32Array;
  private opA: Int32Array;
  private opB: Int32Array;
  private opC: Int32Array;
  private opD: Int32Array;
  private opX: Int32Array;
  private opK: Float64Array;
  /** lpdf nodes: arena offset of the stored partials (one block of n per partial argument). */
  private opP: Int32Array;
  private nOps = 0;
  private readonly consts: Float64Array[] = [];
  private readonly intConsts: Int32Array[] = [];
  private readonly callbacks: ReverseCallback[] = [];
  private readonly partials = new Float64Array(4);
  // Scratch for lpdf nodes (no allocation per operation).
  private readonly dArgs = new Int32Array(4);
  private readonly dOffs = new Int32Array(4);
  private readonly dSteps = new Int32Array(4);
  private readonly dArrs: Float64Array[] = [this.partials, this.partials, this.partials, this.partials];

  constructor(arenaSize = 1024, maxVectors = 256) {
    this.val = new Float64Array(arenaSize);
    this.adj = new Float64Array(arenaSize);
    this.vOff = new Int32Array(maxVectors);
    this.vLen = new Int32Array(maxVectors);
    this.opCode = new Int32Array(maxVectors);
    this.opOut = new Int32Array(maxVectors);
    this.opA = new Int32Array(maxVectors);
    this.opB = new Int32Array(maxVectors);
    this.opC = new Int32Array(maxVectors);
    this.opD = new Int32Array(maxVectors);
    this.opX = new Int32Array(maxVectors);
    this.opK = new Float64Array(maxVectors);
    this.opP = new Int32Array(maxVectors);
  }

  // --- registration (once per model) ------------------------------------------------------

  /** Registers constant data (never copied, no adjoint); call once per model, before reset(). */
  constant(data: Float64Array): Vec {
    if (this.nOps > 0 || this.top > 0) throw new Error('Tape.constant: register constants before recording (once per model)');
    this.consts.push(data);
    const h = this.newHandle(-this.consts.length, data.length);
    this.nPermanent = this.nVec;
    return h;
  }

  /** Registers an integer index array (group indices); returns its id for gather(). */
  indexConstant(index: Int32Array): number {
    this.intConsts.push(index);
    return this.intConsts.length - 1;
  }

  /** Registers a reverse callback for custom operations; returns its id for custom(). */
  registerCallback(f: ReverseCallback): number {
    this.callbacks.push(f);
    return this.callbacks.length - 1;
  }

  /** Forgets every recorded operation and vector (constants stay). The arena keeps its size. */
  reset(): void {
    this.nVec = this.nPermanent;
    this.nOps = 0;
    this.top = 0;
  }

  // --- reading ----------------------------------------------------------------------------

  length(v: Vec): number {
    return this.vLen[v];
  }

  value(v: Vec, i = 0): number {
    const o = this.vOff[v];
    return o >= 0 ? this.val[o + i] : this.consts[-1 - o][i];
  }

  adjoint(v: Vec, i = 0): number {
    const o = this.vOff[v];
    return o >= 0 ? this.adj[o + i] : 0;
  }

  /** Copies the adjoints of v into out[offset ..]. */
  readAdjoint(v: Vec, out: Float64Array, offset: number): void {
    const o = this.vOff[v];
    const n = this.vLen[v];
    if (o < 0) { out.fill(0, offset, offset + n); return; }
    for (let i = 0; i < n; i++) out[offset + i] = this.adj[o + i];
  }

  /** Arena arrays and a vector's offset, for custom operations that write values / adjoints directly. */
  values(): Float64Array { return this.val; }
  adjoints(): Float64Array { return this.adj; }
  offset(v: Vec): number {
    if (this.vOff[v] < 0) throw new Error('Tape.offset: a constant has no arena offset');
    return this.vOff[v];
  }

  // --- recording --------------------------------------------------------------------------

  /** A new input vector holding x[offset .. offset + n). */
  input(x: ArrayLike<number>, offset: number, n: number): Vec {
    const v = this.alloc(n);
    const o = this.vOff[v];
    for (let i = 0; i < n; i++) this.val[o + i] = x[offset + i];
    this.record(OP_INPUT, v, -1, -1, -1, -1, 0, 0);
    return v;
  }

  /** A scalar input. */
  scalar(x: number): Vec {
    const v = this.alloc(1);
    this.val[this.vOff[v]] = x;
    this.record(OP_INPUT, v, -1, -1, -1, -1, 0, 0);
    return v;
  }

  add(a: Vec, b: Vec): Vec { return this.binary(OP_ADD, a, b); }
  sub(a: Vec, b: Vec): Vec { return this.binary(OP_SUB, a, b); }
  mul(a: Vec, b: Vec): Vec { return this.binary(OP_MUL, a, b); }
  div(a: Vec, b: Vec): Vec { return this.binary(OP_DIV, a, b); }
  neg(a: Vec): Vec { return this.unary(OP_NEG, a, 0); }
  exp(a: Vec): Vec { return this.unary(OP_EXP, a, 0); }
  log(a: Vec): Vec { return this.unary(OP_LOG, a, 0); }
  log1pExp(a: Vec): Vec { return this.unary(OP_LOG1P_EXP, a, 0); }
  invLogit(a: Vec): Vec { return this.unary(OP_INV_LOGIT, a, 0); }
  square(a: Vec): Vec { return this.unary(OP_SQUARE, a, 0); }
  sqrt(a: Vec): Vec { return this.unary(OP_SQRT, a, 0); }
  tanh(a: Vec): Vec { return this.unary(OP_TANH, a, 0); }
  /** k * a for a constant k. */
  scale(a: Vec, k: number): Vec { return this.unary(OP_SCALE, a, k); }
  /** a + k for a constant k. */
  addScalar(a: Vec, k: number): Vec { return this.unary(OP_ADD_SCALAR, a, k); }

  /** sum(a) (a scalar). */
  sum(a: Vec): Vec {
    const out = this.alloc(1);
    const arr = this.arr(a);
    const o = this.base(a);
    let s = 0;
    for (let i = 0, n = this.vLen[a]; i < n; i++) s += arr[o + i];
    this.val[this.vOff[out]] = s;
    this.record(OP_SUM, out, a, -1, -1, -1, 0, 0);
    return out;
  }

  /** a . b (a scalar). */
  dot(a: Vec, b: Vec): Vec {
    const n = this.vLen[a];
    if (this.vLen[b] !== n) throw new Error(`Tape.dot: lengths differ (${n} and ${this.vLen[b]})`);
    const out = this.alloc(1);
    const A = this.arr(a), oa = this.base(a), B = this.arr(b), ob = this.base(b);
    let s = 0;
    for (let i = 0; i < n; i++) s += A[oa + i] * B[ob + i];
    this.val[this.vOff[out]] = s;
    this.record(OP_DOT, out, a, b, -1, -1, 0, 0);
    return out;
  }

  /** X b for a dense row-major rows x cols matrix X (a registered constant) and a vector b. */
  matVec(X: Vec, rows: number, cols: number, b: Vec): Vec {
    if (this.vLen[X] !== rows * cols || this.vLen[b] !== cols) {
      throw new Error(`Tape.matVec: X has ${this.vLen[X]} entries and b ${this.vLen[b]}, expected ${rows} x ${cols} and ${cols}`);
    }
    const out = this.alloc(rows);
    const A = this.arr(X), oa = this.base(X), B = this.arr(b), ob = this.base(b), oo = this.vOff[out];
    for (let r = 0; r < rows; r++) {
      let s = 0;
      for (let c = 0, row = oa + r * cols; c < cols; c++) s += A[row + c] * B[ob + c];
      this.val[oo + r] = s;
    }
    this.record(OP_MATVEC, out, X, b, cols, -1, 0, 0);
    return out;
  }

  /**
   * out[n] = Z[n] * r[index[n]] (Z a registered constant of length N, or -1 for all ones): the
   * group-effect gather; its reverse is the scatter-add d r[index[n]] += Z[n] d out[n].
   */
  gather(r: Vec, indexId: number, Z: Vec = -1): Vec {
    const idx = this.intConsts[indexId];
    const n = idx.length;
    const out = this.alloc(n);
    const R = this.arr(r), orr = this.base(r), oo = this.vOff[out];
    if (Z < 0) {
      for (let i = 0; i < n; i++) this.val[oo + i] = R[orr + idx[i]];
    } else {
      const ZA = this.arr(Z), oz = this.base(Z);
      for (let i = 0; i < n; i++) this.val[oo + i] = ZA[oz + i] * R[orr + idx[i]];
    }
    this.record(OP_GATHER, out, r, Z, indexId, -1, 0, 0);
    return out;
  }

  /**
   * sum_i log density(args_i) as one node, arguments broadcast (length 1 or n), variate first as
   * Stan writes y ~ dist(...). `propto` drops constants (see each density). Returns a scalar.
   */
  lpdf(name: DensityName, a0: Vec, a1: Vec = -1, a2: Vec = -1, a3: Vec = -1, propto = false): Vec {
    const code = DENSITY_CODE[name];
    const d = DENSITIES[code];
    const args = this.dArgs;
    args[0] = a0; args[1] = a1; args[2] = a2; args[3] = a3;
    let n = 1;
    for (let k = 0; k < d.arity; k++) {
      if (args[k] < 0) throw new Error(`Tape.lpdf(${name}): needs ${d.arity} arguments`);
      const len = this.vLen[args[k]];
      if (len !== 1 && n !== 1 && len !== n) throw new Error(`Tape.lpdf(${name}): argument ${k + 1} has length ${len}, others ${n}`);
      if (len > n) n = len;
    }
    const out = this.alloc(1);
    const partials = this.alloc(n * d.partialArgs.length);
    const po = this.vOff[partials];
    this.val[this.vOff[out]] = code === CODE_NORMAL
      ? this.normalForward(a0, a1, a2, n, propto, po)
      : this.evalDensity(code, a0, a1, a2, a3, n, propto, po);
    this.record(OP_LPDF, out, a0, a1, a2, a3, code, propto ? 1 : 0);
    this.opP[this.nOps - 1] = po;
    return out;
  }

  /**
   * normal(y | mu, sigma) summed over broadcast arguments in one inline loop (the likelihood case),
   * partials stored at P[po + k n + i] for k = y, mu, sigma.
   */
  private normalForward(y: Vec, mu: Vec, sigma: Vec, n: number, propto: boolean, po: number): number {
    const Y = this.arr(y), oy = this.base(y), sy = this.vLen[y] === 1 ? 0 : 1;
    const M = this.arr(mu), om = this.base(mu), sm = this.vLen[mu] === 1 ? 0 : 1;
    const S = this.arr(sigma), os = this.base(sigma), ss = this.vLen[sigma] === 1 ? 0 : 1;
    const V = this.val;
    // Everything decided before the loop: code after a long loop that V8 entered by on-stack
    // replacement has no type feedback and deoptimises on every call.
    const constant = propto ? 0 : n * 0.5 * Math.log(2 * Math.PI);
    const s0 = S[os];
    const logSum = ss === 0 && s0 > 0 ? n * Math.log(s0) : 0;
    const perElementLog = ss === 1;
    let lp = -constant - logSum;
    for (let i = 0; i < n; i++) {
      const sv = S[os + i * ss];
      if (!(sv > 0) || sv === Infinity) {
        V.fill(0, po, po + 3 * n);
        return -Infinity;
      }
      const inv = 1 / sv;
      const z = (Y[oy + i * sy] - M[om + i * sm]) * inv;
      lp -= 0.5 * z * z;
      if (perElementLog) lp -= Math.log(sv);
      V[po + i] = -z * inv;
      V[po + n + i] = z * inv;
      V[po + 2 * n + i] = (z * z - 1) * inv;
    }
    return lp;
  }

  /** Sum of scalars (for adding up lp terms). */
  sumScalars(...terms: Vec[]): Vec {
    let acc = terms[0];
    for (let i = 1; i < terms.length; i++) acc = this.add(acc, terms[i]);
    return acc;
  }

  /**
   * A custom operation: allocates an output of length n whose values the caller writes (through
   * values() and offset()), with the registered reverse callback run in the backward pass.
   */
  custom(n: number, callbackId: number): Vec {
    const out = this.alloc(n);
    this.record(OP_CALLBACK, out, -1, -1, -1, -1, callbackId, 0);
    return out;
  }

  /** Reverse pass from the scalar `out`: every adjoint is zeroed, d out = 1, then one step per op. */
  gradient(out: Vec): void {
    if (this.vLen[out] !== 1) throw new Error('Tape.gradient: the output must be a scalar');
    this.adj.fill(0, 0, this.top);
    this.adj[this.vOff[out]] = 1;
    for (let k = this.nOps - 1; k >= 0; k--) this.backward(k);
  }

  // --- internals ----------------------------------------------------------------------------

  private arr(v: Vec): Float64Array {
    const o = this.vOff[v];
    return o >= 0 ? this.val : this.consts[-1 - o];
  }

  private base(v: Vec): number {
    const o = this.vOff[v];
    return o >= 0 ? o : 0;
  }

  private newHandle(off: number, len: number): Vec {
    if (this.nVec === this.vOff.length) {
      const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
      this.vOff = grow(this.vOff);
      this.vLen = grow(this.vLen);
    }
    this.vOff[this.nVec] = off;
    this.vLen[this.nVec] = len;
    return this.nVec++;
  }

  private alloc(n: number): Vec {
    if (this.top + n > this.val.length) {
      // Grows only while a model's first gradient is recorded; later resets reuse the arena.
      let size = this.val.length * 2;
      while (size < this.top + n) size *= 2;
      const v = new Float64Array(size); v.set(this.val); this.val = v;
      this.adj = new Float64Array(size);
    }
    const h = this.newHandle(this.top, n);
    this.top += n;
    return h;
  }

  private record(code: number, out: Vec, a: Vec, b: Vec, c: number, d: number, x: number, k: number): void {
    if (this.nOps === this.opCode.length) {
      const g = (arr: Int32Array) => { const r = new Int32Array(arr.length * 2); r.set(arr); return r; };
      this.opCode = g(this.opCode); this.opOut = g(this.opOut); this.opA = g(this.opA); this.opB = g(this.opB);
      this.opC = g(this.opC); this.opD = g(this.opD); this.opX = g(this.opX); this.opP = g(this.opP);
      const kk = new Float64Array(this.opK.length * 2); kk.set(this.opK); this.opK = kk;
    }
    const i = this.nOps++;
    this.opCode[i] = code; this.opOut[i] = out; this.opA[i] = a; this.opB[i] = b;
    this.opC[i] = c; this.opD[i] = d; this.opX[i] = x; this.opK[i] = k;
  }

  private binary(code: number, a: Vec, b: Vec): Vec {
    const la = this.vLen[a], lb = this.vLen[b];
    if (la !== lb && la !== 1 && lb !== 1) throw new Error(`Tape: cannot combine vectors of lengths ${la} and ${lb}`);
    const n = la > lb ? la : lb;
    const out = this.alloc(n);
    const A = this.arr(a), oa = this.base(a), B = this.arr(b), ob = this.base(b), oo = this.vOff[out];
    const sa = la === 1 ? 0 : 1, sb = lb === 1 ? 0 : 1;
    const V = this.val;
    switch (code) {
      case OP_ADD: for (let i = 0; i < n; i++) V[oo + i] = A[oa + i * sa] + B[ob + i * sb]; break;
      case OP_SUB: for (let i = 0; i < n; i++) V[oo + i] = A[oa + i * sa] - B[ob + i * sb]; break;
      case OP_MUL: for (let i = 0; i < n; i++) V[oo + i] = A[oa + i * sa] * B[ob + i * sb]; break;
      case OP_DIV: for (let i = 0; i < n; i++) V[oo + i] = A[oa + i * sa] / B[ob + i * sb]; break;
    }
    this.record(code, out, a, b, -1, -1, 0, 0);
    return out;
  }

  private unary(code: number, a: Vec, k: number): Vec {
    const n = this.vLen[a];
    const out = this.alloc(n);
    const A = this.arr(a), oa = this.base(a), oo = this.vOff[out], V = this.val;
    for (let i = 0; i < n; i++) {
      const x = A[oa + i];
      let y: number;
      switch (code) {
        case OP_NEG: y = -x; break;
        case OP_EXP: y = Math.exp(x); break;
        case OP_LOG: y = Math.log(x); break;
        case OP_LOG1P_EXP: y = log1pExp(x); break;
        case OP_INV_LOGIT: y = invLogit(x); break;
        case OP_SQUARE: y = x * x; break;
        case OP_SQRT: y = Math.sqrt(x); break;
        case OP_TANH: y = Math.tanh(x); break;
        case OP_SCALE: y = k * x; break;
        default: y = x + k; break; // OP_ADD_SCALAR
      }
      V[oo + i] = y;
    }
    this.record(code, out, a, -1, -1, -1, 0, k);
    return out;
  }

  /** Value of an lpdf node; stores the partials at val[po + p n + i] for the reverse pass. */
  private evalDensity(code: number, a0: Vec, a1: Vec, a2: Vec, a3: Vec, n: number, propto: boolean, po: number): number {
    const d = DENSITIES[code];
    const args = this.dArgs, arrs = this.dArrs, offs = this.dOffs, steps = this.dSteps;
    args[0] = a0; args[1] = a1; args[2] = a2; args[3] = a3;
    for (let k = 0; k < 4; k++) {
      if (k < d.arity) {
        arrs[k] = this.arr(args[k]);
        offs[k] = this.base(args[k]);
        steps[k] = this.vLen[args[k]] === 1 ? 0 : 1;
      } else {
        arrs[k] = this.partials;
        offs[k] = 0;
        steps[k] = 0;
      }
    }
    const g = this.partials;
    const np = d.partialArgs.length;
    const V = this.val;
    let lp = 0;
    for (let i = 0; i < n; i++) {
      const x0 = arrs[0][offs[0] + i * steps[0]];
      const x1 = arrs[1][offs[1] + i * steps[1]];
      const x2 = arrs[2][offs[2] + i * steps[2]];
      const x3 = arrs[3][offs[3] + i * steps[3]];
      lp += d.f(x0, x1, x2, x3, propto, g);
      for (let p = 0; p < np; p++) V[po + p * n + i] = g[p];
    }
    return lp;
  }

  private backward(k: number): void {
    const out = this.opOut[k];
    const oo = this.vOff[out];
    const n = this.vLen[out];
    const a = this.opA[k];
    const b = this.opB[k];
    const V = this.val;
    const G = this.adj;
    switch (this.opCode[k]) {
      case OP_INPUT: return;
      case OP_ADD: case OP_SUB: case OP_MUL: case OP_DIV: {
        const code = this.opCode[k];
        const A = this.arr(a), oa = this.vOff[a], B = this.arr(b), ob = this.vOff[b];
        const sa = this.vLen[a] === 1 ? 0 : 1, sb = this.vLen[b] === 1 ? 0 : 1;
        const ba = this.base(a), bb = this.base(b);
        for (let i = 0; i < n; i++) {
          const g = G[oo + i];
          const x = A[ba + i * sa], y = B[bb + i * sb];
          let ga: number, gb: number;
          switch (code) {
            case OP_ADD: ga = g; gb = g; break;
            case OP_SUB: ga = g; gb = -g; break;
            case OP_MUL: ga = g * y; gb = g * x; break;
            default: ga = g / y; gb = (-g * x) / (y * y); break;
          }
          if (oa >= 0) G[oa + i * sa] += ga;
          if (ob >= 0) G[ob + i * sb] += gb;
        }
        return;
      }
      case OP_NEG: case OP_EXP: case OP_LOG: case OP_LOG1P_EXP: case OP_INV_LOGIT: case OP_SQUARE:
      case OP_SQRT: case OP_TANH: case OP_SCALE: case OP_ADD_SCALAR: {
        const oa = this.vOff[a];
        if (oa < 0) return;
        const code = this.opCode[k];
        const kk = this.opK[k];
        for (let i = 0; i < n; i++) {
          const g = G[oo + i];
          const x = V[oa + i];
          const y = V[oo + i];
          let d: number;
          switch (code) {
            case OP_NEG: d = -1; break;
            case OP_EXP: d = y; break;
            case OP_LOG: d = 1 / x; break;
            case OP_LOG1P_EXP: d = invLogit(x); break;
            case OP_INV_LOGIT: d = y * (1 - y); break;
            case OP_SQUARE: d = 2 * x; break;
            case OP_SQRT: d = 0.5 / y; break;
            case OP_TANH: d = 1 - y * y; break;
            case OP_SCALE: d = kk; break;
            default: d = 1; break;
          }
          G[oa + i] += g * d;
        }
        return;
      }
      case OP_SUM: {
        const oa = this.vOff[a];
        if (oa < 0) return;
        const g = G[oo];
        for (let i = 0, m = this.vLen[a]; i < m; i++) G[oa + i] += g;
        return;
      }
      case OP_DOT: {
        const g = G[oo];
        const A = this.arr(a), oa = this.vOff[a], B = this.arr(b), ob = this.vOff[b];
        const ba = this.base(a), bb = this.base(b);
        for (let i = 0, m = this.vLen[a]; i < m; i++) {
          if (oa >= 0) G[oa + i] += g * B[bb + i];
          if (ob >= 0) G[ob + i] += g * A[ba + i];
        }
        return;
      }
      case OP_MATVEC: {
        const ob = this.vOff[b];
        if (ob < 0) return;
        const cols = this.opC[k];
        const X = this.arr(a), ox = this.base(a);
        for (let r = 0; r < n; r++) {
          const g = G[oo + r];
          for (let c = 0, row = ox + r * cols; c < cols; c++) G[ob + c] += X[row + c] * g;
        }
        return;
      }
      case OP_GATHER: {
        const orr = this.vOff[a];
        if (orr < 0) return;
        const idx = this.intConsts[this.opC[k]];
        if (b < 0) {
          for (let i = 0; i < n; i++) G[orr + idx[i]] += G[oo + i];
        } else {
          const Z = this.arr(b), oz = this.base(b);
          for (let i = 0; i < n; i++) G[orr + idx[i]] += Z[oz + i] * G[oo + i];
        }
        return;
      }
      case OP_LPDF: {
        // d lp / d arg_i = seed * stored partial; broadcast arguments accumulate.
        const d = DENSITIES[this.opX[k]];
        const seed = G[oo];
        const po = this.opP[k];
        const args = this.dArgs;
        args[0] = a; args[1] = b; args[2] = this.opC[k]; args[3] = this.opD[k];
        let m = this.vLen[a];
        for (let q = 1; q < d.arity; q++) if (this.vLen[args[q]] > m) m = this.vLen[args[q]];
        for (let p = 0; p < d.partialArgs.length; p++) {
          const h = args[d.partialArgs[p]];
          const oh = this.vOff[h];
          if (oh < 0) continue;
          const base = po + p * m;
          if (this.vLen[h] === 1) {
            let acc = 0;
            for (let i = 0; i < m; i++) acc += V[base + i];
            G[oh] += seed * acc;
          } else {
            for (let i = 0; i < m; i++) G[oh + i] += seed * V[base + i];
          }
        }
        return;
      }
      case OP_CALLBACK:
        this.callbacks[this.opX[k]](this, out);
        return;
    }
  }
}
