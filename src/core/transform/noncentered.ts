// Non-centred group-effect block (brms fun_scale_r_cor.stan): for level j,
// r_j = diag(sd) L z_j, with z an M x J matrix stored coefficient-major (z[m * J + j]) and
// r likewise (r[m * J + j]). Reverse (algorithms.md §f): dz_j = L^T (sd ∘ dr_j),
// dsd = sum_j (L z_j) ∘ dr_j, dL = sum_j (sd ∘ dr_j) z_j^T (lower triangle).

/** r = diag(sd) L z. L is M x M row-major lower triangular (pass null for the identity). */
export function noncenteredForward(
  sd: ArrayLike<number>, L: Float64Array | null, z: ArrayLike<number>, zOffset: number,
  M: number, J: number, r: Float64Array, rOffset: number,
): void {
  if (L === null || M === 1) {
    for (let m = 0; m < M; m++) {
      const s = sd[m];
      const zo = zOffset + m * J;
      const ro = rOffset + m * J;
      for (let j = 0; j < J; j++) r[ro + j] = s * z[zo + j];
    }
    return;
  }
  // Row by row with the level index innermost: contiguous loops over J.
  for (let m = 0; m < M; m++) {
    const s = sd[m];
    const ro = rOffset + m * J;
    const l0 = s * L[m * M];
    for (let j = 0; j < J; j++) r[ro + j] = l0 * z[zOffset + j];
    for (let k = 1; k <= m; k++) {
      const lk = s * L[m * M + k];
      const zo = zOffset + k * J;
      for (let j = 0; j < J; j++) r[ro + j] += lk * z[zo + j];
    }
  }
}

/**
 * Adds the reverse pass of r = diag(sd) L z into dz (at zOffset, same layout as z), dSd (length M)
 * and dL (M*M, lower; skipped when L is null).
 */
export function noncenteredBackward(
  sd: ArrayLike<number>, L: Float64Array | null, z: ArrayLike<number>, zOffset: number,
  M: number, J: number, dr: Float64Array, drOffset: number,
  dz: Float64Array, dSd: Float64Array, dL: Float64Array | null,
): void {
  if (L === null || M === 1) {
    for (let m = 0; m < M; m++) {
      const s = sd[m];
      const zo = zOffset + m * J;
      const ro = drOffset + m * J;
      let acc = 0;
      for (let j = 0; j < J; j++) {
        const g = dr[ro + j];
        acc += z[zo + j] * g;
        dz[zo + j] += s * g;
      }
      dSd[m] += acc;
    }
    return;
  }
  // With dot_mk = sum_j z_kj dr_mj: dsd_m = sum_k L_mk dot_mk, dL_mk = sd_m dot_mk,
  // dz_k. += sd_m L_mk dr_m. (contiguous loops over the levels).
  for (let m = 0; m < M; m++) {
    const s = sd[m];
    const ro = drOffset + m * J;
    let accSd = 0;
    for (let k = 0; k <= m; k++) {
      const zo = zOffset + k * J;
      const lmk = L[m * M + k];
      const w = s * lmk;
      let dot = 0;
      for (let j = 0; j < J; j++) {
        const g = dr[ro + j];
        dot += z[zo + j] * g;
        dz[zo + j] += w * g;
      }
      accSd += lmk * dot;
      if (dL) dL[m * M + k] += s * dot;
    }
    dSd[m] += accSd;
  }
}

/**
 * noncenteredForward for M = 2 with L (the (1 + x | g) term): one pass over the levels instead of
 * three, the same operations in the same order, so the same bits.
 */
export function noncenteredForward2(
  sd: ArrayLike<number>, L: Float64Array, z: ArrayLike<number>, zOffset: number,
  J: number, r: Float64Array, rOffset: number,
): void {
  const l00 = sd[0] * L[0], l10 = sd[1] * L[2], l11 = sd[1] * L[3];
  const z1 = zOffset + J, r1 = rOffset + J;
  for (let j = 0; j < J; j++) {
    const a = z[zOffset + j];
    r[rOffset + j] = l00 * a;
    r[r1 + j] = l10 * a + l11 * z[z1 + j];
  }
}

/**
 * noncenteredBackward for M = 2 with L, in one pass over the levels instead of three, together with
 * the z ~ std_normal() prior: subtracts z from dz first (as the separate loop did) and returns lp
 * minus z.z / 2, subtracted term by term in the separate loop's order (all of z_0, then z_1). The
 * same bits as the separate passes, lp included: a last-bit change of lp changes the step-size
 * adaptation and so the whole realisation of a chain.
 */
export function noncenteredBackward2(
  sd: ArrayLike<number>, L: Float64Array, z: ArrayLike<number>, zOffset: number,
  J: number, dr: Float64Array, drOffset: number,
  dz: Float64Array, dSd: Float64Array, dL: Float64Array | null, lp: number,
): number {
  const s0 = sd[0], s1 = sd[1];
  const L00 = L[0], L10 = L[2], L11 = L[3];
  const w00 = s0 * L00, w10 = s1 * L10, w11 = s1 * L11;
  const z1 = zOffset + J, d1 = drOffset + J;
  let dot00 = 0, dot10 = 0, dot11 = 0;
  for (let j = 0; j < J; j++) {
    const g0 = dr[drOffset + j], g1 = dr[d1 + j];
    const a = z[zOffset + j], b = z[z1 + j];
    lp -= 0.5 * a * a;
    dot00 += a * g0;
    dot10 += a * g1;
    dot11 += b * g1;
    dz[zOffset + j] = dz[zOffset + j] - a + w00 * g0 + w10 * g1;
    dz[z1 + j] = dz[z1 + j] - b + w11 * g1;
  }
  dSd[0] += 0 + L00 * dot00;
  dSd[1] += 0 + L10 * dot10 + L11 * dot11;
  if (dL) {
    dL[0] += s0 * dot00;
    dL[2] += s1 * dot10;
    dL[3] += s1 * dot11;
  }
  for (let j = 0; j < J; j++) {
    const b = z[z1 + j];
    lp -= 0.5 * b * b;
  }
  return lp;
}
