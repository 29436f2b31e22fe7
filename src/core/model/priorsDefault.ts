// brms's data-dependent default priors (brms R/priors.R: def_scale_prior, def_dpar_prior,
// prior_fe, prior_re; checked against brms 2.18.0 get_prior in shared/fixtures/reference).
//
// With y_link = link(y) for identity and log links (zeros replaced by 0.1 before log):
//   Intercept:  student_t(3, round(median(y_link), 1) - mean(offset), max(2.5, round(mad(y_link), 1)))
//   sd, sigma:  student_t(3, 0, max(2.5, round(mad(y_link), 1)))   (half-t: lower bound 0)
// and for logit links student_t(3, 0, 2.5). b: flat. cor: lkj(1) (shown as L: lkj_corr_cholesky(1)).
// The constant defaults of the distributional parameters (nu: gamma(2, 0.1), shape: gamma(0.01,
// 0.01)) are in the family files (src/core/families), as is the link scale y is read on.
import type { FamilyName } from '../types';
import { getFamily, type DistParameter } from '../families';
import { formatNumberR } from '../formula/deparse';
import { madR, medianR, roundR } from '../design/rStats';

export const LKJ_DEFAULT_PRIOR = 'lkj_corr_cholesky(1)';

/** The family parameters brms estimates besides the linear predictor, in brms order. */
export function familyParameters(family: FamilyName): string[] {
  return getFamily(family).params.map((p) => p.name);
}

/** brms 2.18's default prior string of one distributional parameter (get_prior). */
export function defaultFamilyPrior(p: DistParameter, scalePrior: string): string {
  return p.defaultPrior === 'scale' ? scalePrior : p.defaultPrior;
}

const sargs = (...xs: number[]) => xs.map(formatNumberR).join(', ');

/**
 * brms def_scale_prior: `center` true gives the sd/sigma prior student_t(3, 0, scale); false the
 * intercept prior with the data's location.
 */
export function defaultScalePrior(y: ArrayLike<number>, family: FamilyName, center: boolean, offset: ArrayLike<number> | null = null): string {
  const link = getFamily(family).priorLink;
  let location = 0;
  let scale = 2.5;
  if (link === 'identity' || link === 'log') {
    const yl = Float64Array.from(y as ArrayLike<number>, (v) => (link === 'log' ? Math.log(v === 0 ? 0.1 : v) : v));
    const scaleY = roundR(madR(yl), 1);
    if (Number.isFinite(scaleY)) scale = Math.max(scale, scaleY);
    if (!center) {
      const locY = roundR(medianR(yl), 1);
      if (Number.isFinite(locY)) location = locY;
      if (offset && offset.length) {
        let m = 0;
        for (let i = 0; i < offset.length; i++) m += offset[i];
        m /= offset.length;
        if (Number.isFinite(m)) location -= m;
      }
    }
  }
  return `student_t(${sargs(3, location, scale)})`;
}
