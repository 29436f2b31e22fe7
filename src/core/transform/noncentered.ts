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
  for (let m = 0; m < M; m++) {
    const s = sd[m];
    const ro = rOffset + m * J;
    for (let j = 0; j < J; j++) {
      let acc = 0;
      for (let k = 0; k <= m; k++) acc += L[m * M + k] * z[zOffset + k * J + j];
      r[ro + j] = s * acc;
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
  for (let m = 0; m < M; m++) {
    const s = sd[m];
    const ro = drOffset + m * J;
    let accSd = 0;
    for (let j = 0; j < J; j++) {
      const g = dr[ro + j];
      let lz = 0;
      for (let k = 0; k <= m; k++) {
        const zk = z[zOffset + k * J + j];
        lz += L[m * M + k] * zk;
        // d r_mj / d z_kj = s L_mk ; d r_mj / d L_mk = s z_kj
        dz[zOffset + k * J + j] += s * L[m * M + k] * g;
        if (dL) dL[m * M + k] += s * g * zk;
      }
      accSd += lz * g;
    }
    dSd[m] += accSd;
  }
}
