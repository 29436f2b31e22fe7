// Special functions a family's row may call, passed to it as its last argument (SPECIAL), so that
// the row's source text refers to no module-level name: kernelsCodegen.ts splices that text into
// the generated loop, where only the row's own parameters are in scope.
import { digamma, digammaRatio, lgamma, lgammaRatio, logPhi } from '../math/special';
import { digammaRatioRemembered, lgammaRatioRemembered } from './shapeRatioMemo';

export const SPECIAL = { lgammaRatio, digammaRatio, logPhi, lgamma, digamma, lgammaRatioRemembered, digammaRatioRemembered } as const;
export type Special = typeof SPECIAL;
