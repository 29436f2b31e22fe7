export * from './special';
export * from './cholesky';
