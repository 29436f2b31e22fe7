/**
 * Stable argsort of doubles by LSD radix sort on their order-preserving 64-bit keys (flip all bits
 * of negatives, only the sign bit of the rest): six passes of 11/11/10 bits over the low and high
 * 32-bit words, with all histograms built in one sweep and passes skipped when every key has the
 * same digit. Only the index array moves; keys are gathered through it. O(S) and allocation-free
 * after the first call. NaN (either sign) orders last, as in R's sort.
 */

let keysHi: Uint32Array = new Uint32Array(0);
let keysLo: Uint32Array = new Uint32Array(0);
let tmpIndex: Uint32Array = new Uint32Array(0);
const RADIX = 2048;
const histograms = new Uint32Array(6 * RADIX);
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function grow(length: number): void {
  if (keysHi.length >= length) return;
  const size = Math.max(length, keysHi.length * 2);
  keysHi = new Uint32Array(size);
  keysLo = new Uint32Array(size);
  tmpIndex = new Uint32Array(size);
}

/**
 * Writes into order[0..S) the indices of values[0..S) in ascending order of value (ties keep
 * their index order). `order` must hold at least S entries.
 */
export function rankOrder(values: Float64Array, order: Uint32Array, S = values.length): void {
  grow(S);
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * S);
  const hiOffset = littleEndian ? 1 : 0;
  const loOffset = 1 - hiOffset;
  const hist = histograms;
  hist.fill(0);
  const kHi = keysHi;
  const kLo = keysLo;
  for (let i = 0; i < S; i++) {
    let hi = words[2 * i + hiOffset];
    let lo = words[2 * i + loOffset];
    if (values[i] !== values[i]) { hi = 0xffffffff; lo = 0xffffffff; } else if (hi & 0x80000000) { hi = ~hi >>> 0; lo = ~lo >>> 0; } else { hi = (hi | 0x80000000) >>> 0; }
    kHi[i] = hi;
    kLo[i] = lo;
    hist[lo & 2047]++;
    hist[RADIX + ((lo >>> 11) & 2047)]++;
    hist[2 * RADIX + (lo >>> 22)]++;
    hist[3 * RADIX + (hi & 2047)]++;
    hist[4 * RADIX + ((hi >>> 11) & 2047)]++;
    hist[5 * RADIX + (hi >>> 22)]++;
    order[i] = i;
  }
  let src: Uint32Array = order;
  let dst: Uint32Array = tmpIndex;
  for (let pass = 0; pass < 6; pass++) {
    const key = pass < 3 ? kLo : kHi;
    const shift = (pass % 3) * 11;
    const mask = pass % 3 === 2 ? 1023 : 2047;
    const base = pass * RADIX;
    if (S === 0 || hist[base + ((key[0] >>> shift) & mask)] === S) continue; // one bucket: no-op
    let total = 0;
    for (let b = 0; b <= mask; b++) { const c = hist[base + b]; hist[base + b] = total; total += c; }
    for (let i = 0; i < S; i++) {
      const index = src[i];
      dst[hist[base + ((key[index] >>> shift) & mask)]++] = index;
    }
    const t = src; src = dst; dst = t;
  }
  if (src !== order) order.set(src.subarray(0, S));
}
