// The browser side of the chain layer, for src/app: start a run on Web Workers, stream into a
// DrawStore, stop / sample more, export. See workers/protocol.ts for the message types.
export { ChainRun, type ChainRunOptions, type ChainProgress, type RunStatus } from './runController';
export { DrawStore, type ChainDraws } from './drawStore';
export { spawnBrowserWorker } from './browserWorker';
export { runPool, defaultConcurrency, type SpawnChain, type ChainProcess, type PoolOutcome } from './chainPool';
export { drawsCsvFromStore, summaryJsonFromRun, fitSummaryFromRun, postWarmupChains } from './exports';
export type { ModelSpecInput, BatchPolicy, ChainEvent } from '../../workers/protocol';
