export { Tape, type Vec, type ReverseCallback } from './tape';
export { DENSITIES, type DensityName } from './densityTable';
export { gradCheck, type GradCheckOptions, type GradCheckResult, type ValueAndGradient } from './gradcheck';
