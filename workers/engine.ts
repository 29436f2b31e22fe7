// The real engine behind the chain loop: the model compiled from spec + data (core/model
// compileSpec -> buildModel, or the structure the host compiled already) and one NUTS chain
// (core/sampler ChainRunner).
import { compileSpec } from '../src/core/model/spec';
import { primeSampler } from '../src/core/sampler/primeSampler';
import { buildModel } from '../src/core/model/buildModel';
import { ChainRunner } from '../src/core/sampler/chain';
import type { ChainEnvironment } from './runChain';

export type ModelKernel = 'auto' | 'fused' | 'passes';

/**
 * The observation-loop kernel both shells use by default: 'auto' = the fused kernel, generated per
 * model with `new Function` (one pass over the rows instead of several), falling back to the multi-pass kernels where
 * code generation is forbidden. scripts/serve.mjs lets the chain worker's script (only it) evaluate
 * code, so the browser and the CLI both run the fused kernel and give identical draws. Served
 * elsewhere under a strict CSP the browser falls back to 'passes', whose sums run in a different
 * order: its draws then differ from the CLI's unless the CLI is run with MLS_KERNEL=passes.
 */
export const REPRODUCIBLE_KERNEL: ModelKernel = 'auto';

export function parseKernel(text: string | undefined): ModelKernel {
  if (text === undefined || text === '') return REPRODUCIBLE_KERNEL;
  if (text === 'auto' || text === 'fused' || text === 'passes') return text;
  throw new Error(`MLS_KERNEL must be auto, fused or passes (got '${text}')`);
}

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

export function engineEnvironment(kernel: ModelKernel = REPRODUCIBLE_KERNEL): ChainEnvironment {
  return {
    compile(spec, data, structure) {
      // Hosts send the structure they compiled (ChainJob.structure); describing the model (Stan
      // program, brms call, equations) is never a chain's job.
      const s = structure ?? compileSpec(spec, data).structure;
      return { model: buildModel(s, { kernel }), nObs: s.N };
    },
    createRunner: (model, settings, chainId, resume) => new ChainRunner(model, settings, chainId, resume),
    now,
  };
}

/**
 * The environment with the sampler primed before the first chain of this global scope
 * (core/sampler/primeSampler.ts: V8's type feedback for the NUTS transition and both metric kinds,
 * from transitions on a standard normal of the model's dimension; the draws are unchanged). The
 * worker shells install it beside installDeterministicMath.
 */
export function primedEnvironment(env: ChainEnvironment): ChainEnvironment {
  return {
    ...env,
    createRunner(model, settings, chainId, resume) {
      primeSampler(model.dim, settings.metric);
      return env.createRunner(model, settings, chainId, resume);
    },
  };
}
