// The real engine behind the chain loop: the model compiled from spec + data
// (core/model prepareModel -> buildModel) and one NUTS chain (core/sampler ChainRunner).
import { prepareModel } from '../src/core/model/spec';
import { buildModel } from '../src/core/model/buildModel';
import { ChainRunner } from '../src/core/sampler/chain';
import type { ChainEnvironment } from './runChain';

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

export function engineEnvironment(): ChainEnvironment {
  return {
    compile(spec, data) {
      const prepared = prepareModel(spec, data);
      return { model: buildModel(prepared.structure), nObs: prepared.structure.N };
    },
    createRunner: (model, settings, chainId, resume) => new ChainRunner(model, settings, chainId, resume),
    now,
  };
}
