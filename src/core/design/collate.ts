// Level order as R sorts factor levels.
//
// Numbers (an integer column used as a factor, factor(x) on numbers) sort by value, as R's
// factor() does on numeric vectors (evaluate.ts). Strings sort as R's sort() and factor() do when
// R is built with ICU (Debian's r-base, CRAN's macOS builds): with an ICU collator for the
// session's collation locale, ICU's defaults (tertiary strength, punctuation not ignored, no
// numeric ordering). On Debian in C.UTF-8, icuGetCollate() is "root"; en_US is the same collator
// (CLDR has no English tailoring). So spaces and punctuation count and sort before digits, digits
// before letters, accents and then case decide only on a tie, lower case first:
// "New York" < "Newark", "St Louis" < "Stevens", "1_1" < "10_28", "cafe" < "café" < "cafè".
//
// Intl.Collator is ICU in Node and in Chromium; the locale is named ('en-US') because 'und' or no
// locale means the runtime's default locale, and some tailorings differ from root (Swedish sorts
// ä after z). tests/fixtures/collation/make_collation.R writes R's order of ~300 tricky strings
// (r_sort.json); tests/core/design/collateR.test.ts and tests/e2e/collation.spec.ts compare Node
// and Chromium with it.

const collator = new Intl.Collator('en-US', {
  usage: 'sort',
  sensitivity: 'variant',
  ignorePunctuation: false,
  numeric: false,
  caseFirst: 'false',
});

/**
 * Compares two strings the way R's sort() orders them (see the note above). Strings the collator
 * calls equal (canonically equivalent forms such as a precomposed é and e + combining accent)
 * are ordered by code units, so the order is total and does not depend on the input order.
 */
export function compareR(a: string, b: string): number {
  const c = collator.compare(a, b);
  if (c !== 0) return c;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorted unique strings, as levels(factor(x)) for a character vector. */
export function sortedLevelsR(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareR);
}
