// Level order as R sorts factor levels.
//
// Numbers (an integer column used as a factor, factor(x) on numbers) sort by value, as R's
// factor() does on numeric vectors. Strings sort as R's sort() does in the en_US.UTF-8 locale
// (glibc strcoll, which R uses on Linux), approximated in three passes:
//   1. letters and digits only, case-insensitively, accents removed (spaces and punctuation are
//      ignored at this level, as glibc does: "ST LOUIS" sorts after "STEVENS");
//   2. on a tie, lower case before upper case at the first difference ("a" < "A");
//   3. on a tie, the first differing character decides, punctuation before letters and digits
//      (glibc >= 2.28: '1-1' < '11' < '1-2' < '12'), otherwise code-unit order.
// Digits sort before letters. So pasted levels of g1:g2 sort as strings: '10_115' < '1_1'
// (R in the C locale agrees on that one). This matches R for every dataset in shared/data.

const primaryKey = (s: string) =>
  s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9\u00c0-\uffff]/g, '');
const alnum = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9\u00c0-\uffff]/g, '');

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares two strings the way R's sort() orders them (see the note above). */
export function compareR(a: string, b: string): number {
  const pa = primaryKey(a);
  const pb = primaryKey(b);
  if (pa !== pb) return cmp(pa, pb);
  const ca = alnum(a);
  const cb = alnum(b);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) {
    if (ca[i] !== cb[i]) {
      const aLower = ca[i] === ca[i].toLowerCase();
      const bLower = cb[i] === cb[i].toLowerCase();
      if (aLower !== bLower) return aLower ? -1 : 1;
    }
  }
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const aPunct = !/[A-Za-z0-9\u00c0-\uffff]/.test(a[i]);
      const bPunct = !/[A-Za-z0-9\u00c0-\uffff]/.test(b[i]);
      if (aPunct !== bPunct) return aPunct ? -1 : 1;
      return cmp(a[i], b[i]);
    }
  }
  return a.length - b.length;
}

/** Sorted unique strings, as levels(factor(x)) for a character vector. */
export function sortedLevelsR(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareR);
}
