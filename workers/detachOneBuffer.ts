// Side-effect module: imported FIRST by the chain shells (before installDeterministicMath, whose
// imports already run stdlib code hot enough to be optimised).
//
// V8 compiles typed-array code on the assumption that no ArrayBuffer in the thread has ever been
// detached (its "array buffer detaching protector"). The first detach, which is the first batch of
// draws a chain transfers with postMessage, invalidates that assumption for good and deoptimises
// every optimised function that reads a typed array: in a thread's first chain, the sampler, the
// model's gradient and the RNG, all compiled again ~100 ms into the chain. Detaching one 8-byte
// buffer here, before anything is optimised, means that code is compiled once, already with the
// detach checks every later chain runs with anyway. Sleepstudy CLI (4 chains, 12 interleaved runs):
// median wall 1.19 -> 1.08 s, CPU 2.16 -> 1.95 s; the same draws.
export const detachedAtLoad = new ArrayBuffer(8);
structuredClone(detachedAtLoad, { transfer: [detachedAtLoad] });
