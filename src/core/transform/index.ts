export * from './lowerBound';
export * from './lowerUpperBound';
export * from './choleskyCorr';
export * from './noncentered';
