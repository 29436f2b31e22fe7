// The real engine behind the chain loop: the model compiled from spec + data
// (core/model prepareModel -> buildModel) and one NUTS chain (core/sampler ChainRunner).
import { prepareModel } from '../src/core/model/spec';
import { buildModel } from '../src/core/model/buildModel';
import { ChainRunner } from '../src/core/sampler/chain';
import type { ChainEnvironment } from './runChain';

export type ModelKernel = 'auto' | 'fused' | 'passes';

/**
 * The observation-loop kernel both shells use by default. The fused kernel needs code generation
 * (new Function), which the app's Content-Security-Policy forbids in the browser worker, so the
 * browser always runs the multi-pass kernels; the two kernels sum in different orders, so the
 * CLI must use the same one to give the same draws (measured: fused is ~2x faster on sleepstudy).
 * Power users can opt into the fused kernel on the CLI with MLS_KERNEL=auto (draws then differ
 * from the browser's in the last bits, and soon entirely).
 */
export const REPRODUCIBLE_KERNEL: ModelKernel = 'passes';

export function parseKernel(text: string | undefined): ModelKernel {
  if (text === undefined || text === '') return REPRODUCIBLE_KERNEL;
  if (text === 'auto' || text === 'fused' || text === 'passes') return text;
  throw new Error(`MLS_KERNEL must be auto, fused or passes (got '${text}')`);
}

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

export function engineEnvironment(kernel: ModelKernel = REPRODUCIBLE_KERNEL): ChainEnvironment {
  return {
    compile(spec, data) {
      const prepared = prepareModel(spec, data);
      return { model: buildModel(prepared.structure, { kernel }), nObs: prepared.structure.N };
    },
    createRunner: (model, settings, chainId, resume) => new ChainRunner(model, settings, chainId, resume),
    now,
  };
}
