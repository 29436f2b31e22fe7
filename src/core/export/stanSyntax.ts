// The Stan program in the array syntax of older Stan (rstan 2.21 to 2.25, whose stanc2 predates
// the `array[...] T` syntax of Stan 2.26 and later; Stan 2.33 removed the old one). One rewrite of
// the generated text, applied after exportStan.ts has written the program in the current syntax,
// so the families' Stan fragments need no second form:
//   array[N] int<lower=1> J_1;        ->  int<lower=1> J_1[N];
//   array[M_1] vector[N_1] z_1;       ->  vector[N_1] z_1[M_1];
//   array[] real x (unsized argument) ->  real[] x
// (Stan Reference Manual, "Removed features" / "Old array syntax"; brms 2.18 writes the old form
// when its backend's Stan is older than 2.26.)

/** Which Stan the exported program targets: current CmdStan (default) or rstan 2.21-2.25. */
export type StanSyntax = 'current' | 'old';

export const STAN_SYNTAXES: readonly StanSyntax[] = ['current', 'old'];

const CURRENT_NOTE = '(current Stan array syntax)';
const OLD_NOTE = '(older Stan array syntax, for rstan 2.21-2.25)';

/** The index of the bracket that closes the one at `open` (text[open] === '['); -1 if none. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** End of a type after `array[...]`: a word, then optional <...> bounds and [...] sizes. */
function typeEnd(text: string, i: number): number {
  const word = /^[A-Za-z_]\w*/.exec(text.slice(i, i + 64));
  if (!word) return -1;
  let j = i + word[0].length;
  if (text[j] === '<') {
    let depth = 0;
    for (; j < text.length; j++) {
      if (text[j] === '<') depth++;
      else if (text[j] === '>' && --depth === 0) { j++; break; }
    }
  }
  if (text[j] === '[') {
    const close = closingBracket(text, j);
    if (close < 0) return -1;
    j = close + 1;
  }
  return j;
}

/**
 * Rewrites every `array[dims] TYPE name` as `TYPE name[dims]` and every unsized `array[] TYPE`
 * (function arguments and return types) as `TYPE[]`; the rest of the program is unchanged.
 */
export function toOldStanSyntax(program: string): string {
  let out = '';
  let at = 0;
  const re = /\barray\s*\[/g;
  for (let m = re.exec(program); m; m = re.exec(program)) {
    const open = m.index + m[0].length - 1;
    const close = closingBracket(program, open);
    if (close < 0) continue;
    const dims = program.slice(open + 1, close);
    const typeStart = skipSpace(program, close + 1);
    const tEnd = typeEnd(program, typeStart);
    if (tEnd < 0) continue;
    const type = program.slice(typeStart, tEnd);
    if (/^[\s,]*$/.test(dims)) {
      out += program.slice(at, m.index) + `${type}[${dims.replace(/\s/g, '')}]`;
      at = tEnd;
    } else {
      const nameStart = skipSpace(program, tEnd);
      const name = /^[A-Za-z_]\w*/.exec(program.slice(nameStart, nameStart + 128));
      if (!name) continue;
      out += program.slice(at, m.index) + `${type} ${name[0]}[${dims}]`;
      at = nameStart + name[0].length;
    }
    re.lastIndex = at;
  }
  return (out + program.slice(at)).replace(CURRENT_NOTE, OLD_NOTE);
}

/** The program in the chosen syntax (exportStan.ts writes the current one). */
export function programInSyntax(program: string, syntax: StanSyntax): string {
  return syntax === 'old' ? toOldStanSyntax(program) : program;
}

/** `--stan-syntax` / the export dialog's value, checked; a clear message otherwise. */
export function parseStanSyntax(text: string): StanSyntax {
  if (text === 'current' || text === 'new') return 'current';
  if (text === 'old') return 'old';
  const shown = text.length > 30 ? `${text.slice(0, 30)}...` : text;
  throw new Error(`Stan syntax must be 'current' (CmdStan 2.33 and later, the default) or 'old' (rstan 2.21-2.25); got '${shown}'.`);
}
