// Seeded, resumable random streams for one chain.
//
// One 32-bit Mersenne Twister (@stdlib/random-base-mt19937) per chain, seeded by MT19937's
// init_by_array with the key [seed, chainId], so that every chain is reproducible from
// (seed, chain id) and chains get unrelated streams (the same idea as Stan's create_rng(seed, chain)).
// Normals come from stdlib's improved ziggurat drawn on top of that same generator, and uniforms
// from its 53-bit `normalized` output, so the whole stream is one MT19937 state that can be exported
// and imported. Everything is pure JavaScript (stdlib's own exp/ln), so Node and browsers produce
// bit-identical draws; nothing here touches Math.random.
import normalFactory from '@stdlib/random-base-normal';

/** What the sampler needs from a random stream. */
export interface Rng {
  /** A standard normal draw. */
  normal(): number;
  /** A uniform draw on [0, 1). */
  uniform(): number;
}

/** A reproducible stream whose full state can be saved and restored (for "sample more"). */
export interface SeededRng extends Rng {
  /** The generator state as plain numbers (uint32 words), structured-cloneable. */
  getState(): number[];
  /** Restores a state previously returned by getState(). */
  setState(state: readonly number[]): void;
}

const UINT32_MAX = 4294967295;

function checkUint32(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value > UINT32_MAX) {
    throw new Error(`${what} must be an integer between 0 and ${UINT32_MAX}; got ${value}.`);
  }
}

function wrap(gen: ReturnType<typeof normalFactory.factory>): SeededRng {
  const uniform = gen.PRNG as unknown as () => number;
  return {
    normal: () => gen(0, 1),
    uniform: () => uniform(),
    getState: () => Array.from(gen.state as unknown as Uint32Array),
    setState: (state) => {
      if (!Array.isArray(state) && !ArrayBuffer.isView(state)) {
        throw new Error('RNG state must be an array of uint32 words (as returned by getState()).');
      }
      const words = Uint32Array.from(state as ArrayLike<number>);
      try {
        gen.state = words as never;
      } catch (e) {
        throw new Error(`RNG state is not a valid MT19937 state: ${(e as Error).message}`);
      }
    },
  };
}

/** The random stream of chain `chainId` (1-based) for a run with `seed`. */
export function createChainRng(seed: number, chainId: number): SeededRng {
  checkUint32(seed, 'Seed');
  checkUint32(chainId, 'Chain id');
  return wrap(normalFactory.factory({ seed: [seed, chainId] }));
}

/** A stream restored from an exported state (getState()). */
export function rngFromState(state: readonly number[]): SeededRng {
  const rng = createChainRng(0, 0);
  rng.setState(state);
  return rng;
}
