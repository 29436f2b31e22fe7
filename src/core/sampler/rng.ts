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

type NormalGenerator = ReturnType<typeof normalFactory.factory>;

/**
 * One stdlib generator per global scope (browser worker, Node thread, test process), shared by every
 * stream: a stream's MT19937 state is loaded into it when that stream draws after another one did.
 * Why not one generator per stream: stdlib's factory makes new closures for every generator, and V8
 * specialises the sampler's optimised code on the closure it called; the next chain on the same
 * worker brought new closures, so the momentum draw and the NUTS transition were deoptimised
 * ("wrong call target") and re-optimised during the next chain, which ran much slower until then
 * (bench/NOTES.md, "one generator per scope"). With one generator the call targets never change.
 * Chains on one worker run one after another, so the state moves once per chain; streams used
 * alternately (tests) stay exact, each switch copying 625 words.
 */
const shared: NormalGenerator = normalFactory.factory({ seed: [0, 0] });
const sharedUniform = shared.PRNG as unknown as () => number;
// Draw a few thousand normals once, so the ziggurat's rare branches (base strip, tail) have run
// before V8 optimises the momentum draw: otherwise the first tail draw of a worker's first chain
// deoptimises it. Harmless: a stream loads its own state before it draws.
for (let i = 0; i < 4096; i++) shared(0, 1);
let owner: ChainRng | null = null;

/** Validated copy of a state as a Uint32Array (stdlib's setter checks the MT19937 layout). */
function toStateWords(state: readonly number[] | Uint32Array): Uint32Array {
  if (!Array.isArray(state) && !ArrayBuffer.isView(state)) {
    throw new Error('RNG state must be an array of uint32 words (as returned by getState()).');
  }
  const words = Uint32Array.from(state as ArrayLike<number>);
  const probe = normalFactory.factory({ seed: [0, 0] });
  try {
    probe.state = words as never;
  } catch (e) {
    throw new Error(`RNG state is not a valid MT19937 state: ${(e as Error).message}`);
  }
  return words;
}

class ChainRng implements SeededRng {
  /** This stream's state while another stream holds the shared generator. */
  private saved: Uint32Array;

  constructor(state: Uint32Array) {
    this.saved = state;
  }

  /** Loads this stream's state into the shared generator (saving the previous holder's). */
  private take(): void {
    if (owner !== null) owner.saved = shared.state as unknown as Uint32Array;
    shared.state = this.saved as never;
    owner = this;
  }

  normal(): number {
    if (owner !== this) this.take();
    return shared(0, 1);
  }

  uniform(): number {
    if (owner !== this) this.take();
    return sharedUniform();
  }

  getState(): number[] {
    return Array.from(owner === this ? shared.state as unknown as Uint32Array : this.saved);
  }

  setState(state: readonly number[]): void {
    const words = toStateWords(state);
    if (owner === this) shared.state = words as never;
    else this.saved = words;
  }
}

/** The random stream of chain `chainId` (1-based) for a run with `seed`. */
export function createChainRng(seed: number, chainId: number): SeededRng {
  checkUint32(seed, 'Seed');
  checkUint32(chainId, 'Chain id');
  // A throwaway generator does MT19937's init_by_array([seed, chainId]); only its state is kept.
  return new ChainRng(normalFactory.factory({ seed: [seed, chainId] }).state as unknown as Uint32Array);
}

/** A stream restored from an exported state (getState()). */
export function rngFromState(state: readonly number[]): SeededRng {
  return new ChainRng(toStateWords(state));
}
