// What every fuzz case must satisfy: it ends normally or with the project's own error
// (UserInputError), within a second, and every message it produces is at most 500 characters.
import { UserInputError } from '../../src/core/formula/errors';
import { excerpt } from '../../src/core/formula/excerpt';

export const MAX_CASE_MS = 1000;
export const MAX_MESSAGE_CHARS = 500;

export interface Failure { seed: number; input: string; problem: string }

/** An unpaired surrogate: half of an emoji, as a message shows it when it cuts UTF-16 units. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Runs one case; returns what went wrong, or null. `body` returns the messages it reported on
 * success. `raw` is the user text of the case: a message may quote a lone surrogate only when
 * the user typed one.
 */
export function runCase(seed: number, input: string, body: () => string[] | void, raw = input): Failure | null {
  const fail = (problem: string): Failure => ({ seed, input: excerpt(input, 300), problem });
  const t0 = performance.now();
  let messages: string[] = [];
  try {
    messages = body() ?? [];
  } catch (err) {
    if (!(err instanceof UserInputError)) {
      const what = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return fail(`not a UserInputError: ${excerpt(what, 300)}`);
    }
    messages = [err.message];
    // A FormulaError's caret line is shown under the message: it must stay short too.
    const caret = (err as { caret?: unknown }).caret;
    if (typeof caret === 'string') messages.push(...caret.split('\n'));
  }
  const ms = performance.now() - t0;
  if (ms > MAX_CASE_MS) return fail(`took ${Math.round(ms)} ms`);
  const long = messages.find((m) => m.length > MAX_MESSAGE_CHARS);
  if (long !== undefined) return fail(`message of ${long.length} characters: ${excerpt(long, 200)}`);
  const split = LONE_SURROGATE.test(raw) ? undefined : messages.find((m) => LONE_SURROGATE.test(m));
  if (split !== undefined) return fail(`message splits a surrogate pair: ${JSON.stringify(excerpt(split, 200))}`);
  return null;
}

/** Printable summary of the first failures (JSON-escaped inputs, so NUL and emoji survive). */
export function report(failures: Failure[], max = 15): string {
  return failures.slice(0, max).map((f) => `seed ${f.seed}: ${f.problem}\n  input: ${JSON.stringify(f.input)}`).join('\n');
}

/** Failures grouped by kind ('<stage>: <problem with digits as N>'), most frequent first. */
export function kinds(failures: Failure[]): string {
  const counts = new Map<string, number>();
  for (const f of failures) {
    const stage = /^(read|model)\b/.exec(f.input)?.[1] ?? 'case';
    const kind = `${stage}: ${f.problem.replace(/\d+/g, 'N').slice(0, 60)}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} x ${k}`).join('\n');
}
