// Escaping for every user string (factor levels, column names, file names, formula names, prior
// strings) that goes into generated code: one helper per target. A user string must never end a
// literal or a comment early, so a level like 'Y\nsystem("x")\n#' stays data.
//
// R (R Language Definition §10.3.1 "Constants"; ?Quotes): string literals take \\ \" \n \r \t
// \xhh and \uxxxx escapes; backtick-quoted names take \\ \` \n \r \t \xhh but not \u, and the
// parser rejects NUL anywhere. A `#` comment runs to the end of the line. Stan (Reference
// Manual "Comments"): `//` runs to the end of the line, `/* */` ends at the first `*/`. LaTeX as
// KaTeX reads it inside \text{}: the ten special characters need escapes, and line or paragraph
// separators end nothing but are shown as spaces.

/** Longest excerpt of a user string written into a comment or a note. */
export const COMMENT_EXCERPT = 60;

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * Code units of `s` with lone surrogates replaced by U+FFFD (they cannot be written as UTF-8) and
 * NUL removed (R's parser refuses it in any literal; R's read.csv drops it with a warning too).
 */
function* codePoints(s: string): Generator<number> {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0) continue;
    if (isHighSurrogate(c) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1))) {
      yield s.codePointAt(i)!;
      i++;
    } else if (isHighSurrogate(c) || isLowSurrogate(c)) {
      yield 0xfffd;
    } else yield c;
  }
}

const hex = (c: number, width: number) => c.toString(16).padStart(width, '0');
/** Control characters and line/paragraph separators: C0, DEL, C1 (NEL among them), U+2028/2029. */
const isControl = (c: number) => c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029;
const C_ESCAPES = new Map<number, string>([[0x0a, '\\n'], [0x0d, '\\r'], [0x09, '\\t'], [0x5c, '\\\\']]);

/**
 * Body of an R string literal or backticked name (without its quotes): backslash, the quote
 * character (none for a comment) and every control character as an escape.
 */
function rEscapeBody(s: string, quote: '"' | '`' | null, unicodeEscapes: boolean): string {
  let out = '';
  for (const c of codePoints(s)) {
    const esc = C_ESCAPES.get(c);
    if (esc) out += esc;
    else if (String.fromCodePoint(c) === quote) out += `\\${quote}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${hex(c, 2)}`;
    else if (isControl(c)) out += unicodeEscapes ? `\\u${hex(c, 4)}` : String.fromCodePoint(c);
    else out += String.fromCodePoint(c);
  }
  return out;
}

/** An R string literal that reads back as `s` (NUL removed). */
export function rString(s: string): string {
  return `"${rEscapeBody(s, '"', true)}"`;
}

// R's reserved words (?Reserved): valid name syntax, but only usable as names in backticks.
const R_RESERVED = new Set(['if', 'else', 'repeat', 'while', 'function', 'for', 'next', 'break', 'TRUE', 'FALSE', 'NULL',
  'Inf', 'NaN', 'NA', 'NA_integer_', 'NA_real_', 'NA_character_', 'NA_complex_', 'in']);
/** A syntactic R name in any locale: ASCII letters, digits, '.', '_', not starting with a digit, '_' or '.digit'. */
const R_SYNTACTIC = /^(?:[A-Za-z]|\.[A-Za-z._]|\.$)[A-Za-z0-9._]*$/;

/**
 * A column name as R code: as is when syntactic, else in backticks with \ ` and control characters
 * escaped (backticks take no \u escapes: U+2028, C1 controls stay literal, which R reads as
 * ordinary characters of the name).
 */
export function rName(s: string): string {
  if (R_SYNTACTIC.test(s) && !R_RESERVED.has(s)) return s;
  return `\`${rEscapeBody(s, '`', false)}\``;
}

/** `s` cut to `max` characters (whole code points) with '...' when longer. */
export function excerpt(s: string, max = COMMENT_EXCERPT): string {
  const cps = Array.from(s);
  return cps.length <= max ? s : `${cps.slice(0, max).join('')}...`;
}

/** Text for an R `#` comment: one line whatever `s` holds (escaped as in a string), cut to an excerpt. */
export function rComment(s: string, max = COMMENT_EXCERPT): string {
  return rEscapeBody(excerpt(s, max), null, true);
}

/**
 * Text for a Stan comment, `//` or `/* *\/`: control characters and separators as \n-style escapes,
 * `*\/` broken up so a block comment cannot end early, cut to an excerpt.
 */
export function stanComment(s: string, max = COMMENT_EXCERPT): string {
  let out = '';
  for (const c of codePoints(excerpt(s, max))) {
    const esc = C_ESCAPES.get(c);
    if (esc && c !== 0x5c) out += esc;
    else if (isControl(c)) out += `\\u${hex(c, 4)}`;
    else out += String.fromCodePoint(c);
  }
  return out.replace(/\*\//g, '* /');
}

const LATEX_ESCAPES = new Map<string, string>([
  ['\\', '\\textbackslash{}'], ['{', '\\{'], ['}', '\\}'], ['$', '\\$'], ['&', '\\&'], ['#', '\\#'],
  ['^', '\\textasciicircum{}'], ['_', '\\_'], ['%', '\\%'], ['~', '\\textasciitilde{}'],
]);

/**
 * Text for LaTeX \text{} (as KaTeX renders it): the special characters escaped, control
 * characters and line/paragraph separators as spaces, NUL and lone surrogates dropped or replaced,
 * cut to `max` characters (a name in an equation is for reading, not for matching).
 */
export function latexText(s: string, max = 80): string {
  let out = '';
  for (const c of codePoints(excerpt(s, max))) {
    const ch = String.fromCodePoint(c);
    out += LATEX_ESCAPES.get(ch) ?? (isControl(c) ? ' ' : ch);
  }
  return out;
}
