// PSIS-LOO and Bayes R2 of a fit on threads of their own (workers/criteria-thread.ts,
// CriteriaMessage), started once the chains are done. PSIS-LOO needs every draw of an observation, so the observations are split:
// the chains' draws are copied once into SharedArrayBuffers that every thread reads, and the
// pointwise parts are joined in order (concatPointwise; each observation's values do not depend
// on the split, and the threads use V8's Math as this thread does, so the result is the one
// thread's bit for bit). Bayes R2 is a value per draw, so
// the chains are split instead: each thread gets copies of its chains only.
import { Worker } from 'node:worker_threads';
import { concatPointwise, looFromPointwise, summariseBayesR2, type BayesR2Summary, type LooResult } from '../core/loo';
import type { LooPointwise } from '../core/loo/pointwise';
import type { ModelStructure } from '../core/types';
import type { CriteriaMessage, CriteriaReply } from '../../workers/protocol';

type Answer = Extract<CriteriaReply, { type: 'criteria' }>;

/** Starts `n` criteria threads (dist-cli/criteria-thread.mjs); the caller terminates them. */
export function spawnCriteriaThreads(url: URL, n: number): Worker[] {
  return Array.from({ length: n }, () => new Worker(url));
}

/** Posts one CriteriaMessage and waits for its reply (or the thread's error or exit). */
function ask(worker: Worker, msg: CriteriaMessage): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (worker.threadId < 0) { reject(new Error('the thread has already exited')); return; }
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: CriteriaReply | { type: string }): void => {
      if (reply.type === 'criteria') { cleanup(); resolve(reply as Answer); }
      else if (reply.type === 'criteria-error') { cleanup(); reject(new Error((reply as { message: string }).message)); }
    };
    const onError = (err: Error): void => { cleanup(); reject(err); };
    const onExit = (code: number): void => { cleanup(); reject(new Error(`the thread exited (code ${code})`)); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(msg);
  });
}

/** Every chain's first n draws in one SharedArrayBuffer, one view per chain. */
function sharedChains(chains: readonly Float64Array[], perChain: number): Float64Array[] {
  const shared = new SharedArrayBuffer(chains.length * perChain * 8);
  return chains.map((c, k) => {
    const view = new Float64Array(shared, k * perChain * 8, perChain);
    view.set(c.subarray(0, perChain));
    return view;
  });
}

/** PSIS-LOO of the fit, observations split over `threads`. */
export async function looOnThreads(
  threads: readonly Worker[], s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number,
): Promise<LooResult> {
  const k = Math.max(1, Math.min(threads.length, s.N));
  const shared = sharedChains(chains, nIterations * names.length);
  const parts: Promise<Answer>[] = [];
  for (let t = 0; t < k; t++) {
    const from = Math.floor((t * s.N) / k);
    const to = Math.floor(((t + 1) * s.N) / k);
    parts.push(ask(threads[t], { type: 'criteria', what: 'loo', structure: s, names: [...names], chains: shared, nIterations, from, to }));
  }
  const answers = await Promise.all(parts);
  return looFromPointwise(concatPointwise(answers.map((a) => a.pointwise as LooPointwise)), chains.length * nIterations);
}

/** Bayes R2 of the fit, chains split over `threads` (per-draw values joined in chain order). */
export async function bayesR2OnThreads(
  threads: readonly Worker[], s: ModelStructure, names: readonly string[], chains: readonly Float64Array[], nIterations: number,
): Promise<BayesR2Summary> {
  const k = Math.max(1, Math.min(threads.length, chains.length));
  const parts: Promise<Answer>[] = [];
  for (let t = 0; t < k; t++) {
    const mine = chains.slice(Math.floor((t * chains.length) / k), Math.floor(((t + 1) * chains.length) / k))
      .map((c) => c.subarray(0, nIterations * names.length));
    parts.push(ask(threads[t], { type: 'criteria', what: 'bayes-r2', structure: s, names: [...names], chains: mine, nIterations, from: 0, to: s.N }));
  }
  const answers = await Promise.all(parts);
  const r2 = new Float64Array(chains.length * nIterations);
  let at = 0;
  for (const a of answers) {
    r2.set(a.r2 as Float64Array, at);
    at += (a.r2 as Float64Array).length;
  }
  return summariseBayesR2(r2);
}
