// The functions a formula may call, as a Map keyed by name: a plain object would also "know"
// hasOwnProperty, constructor, toString, ... (Object.prototype), and user text is looked up here.

/** Element-wise functions of one numeric argument (R's names, JavaScript's implementations). */
export const UNARY_FUNCTIONS: ReadonlyMap<string, (x: number) => number> = new Map([
  ['log2', Math.log2], ['log10', Math.log10], ['log1p', Math.log1p], ['exp', Math.exp], ['expm1', Math.expm1],
  ['sqrt', Math.sqrt], ['abs', Math.abs], ['sin', Math.sin], ['cos', Math.cos], ['tan', Math.tan],
]);

/** Every function a formula may use, in the order messages list them. */
export const SUPPORTED_FUNCTIONS: readonly string[] = ['I', 'log', 'scale', 'factor', 'as.factor', 'offset', ...UNARY_FUNCTIONS.keys()];

/** Functions of the response only (left of '~'). */
export const RESPONSE_FUNCTIONS: readonly string[] = ['trials', 'cbind'];

const KNOWN = new Set([...SUPPORTED_FUNCTIONS, ...RESPONSE_FUNCTIONS]);

export function isKnownFunction(name: string): boolean {
  return KNOWN.has(name);
}

/** "supported are I(), log(), ...", for unknown-function messages. */
export function supportedFunctionsText(): string {
  return `supported are ${SUPPORTED_FUNCTIONS.map((s) => `${s}()`).join(', ')}; write arithmetic inside I(), e.g. I(x^2)`;
}
