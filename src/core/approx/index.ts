// A fast approximate posterior to show while the chains warm up (issue 23): the mode by L-BFGS
// (Stan's optimizer) and a Laplace approximation there. See README.md.
export { lbfgsMinimize, LBFGS_DEFAULTS, STATUS_MESSAGES, type LbfgsOptions, type LbfgsResult, type LbfgsStatus } from './lbfgs';
export { wolfeLineSearch, cubicInterp, type Objective } from './lineSearch';
export { findMode, MODE_DEFAULTS, type ModeOptions, type ModeResult, type ModeStart } from './findMode';
export { finiteDifferenceHessian, type HessianResult } from './hessian';
export { choleskyWithRidge } from './ridge';
export { newtonRefine, NEWTON_DEFAULTS, type NewtonResult } from './newton';
export { laplaceApproximation, LAPLACE_DEFAULTS, type ApproxTarget, type LaplaceOptions, type LaplaceResult, type ScaleCheck } from './laplace';
export { pathfinder, denseInverseHessian, PATHFINDER_DEFAULTS, type PathfinderOptions, type PathfinderResult } from './pathfinder';
export { paretoKOfRatios, paretoKNote, PARETO_K_UNRELIABLE } from './importance';
