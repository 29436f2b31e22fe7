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
