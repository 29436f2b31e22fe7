/**
 * Throws a specific error unless [start, end) is a valid range of `values`.
 * `where` names the caller and the input (e.g. 'gaussianKde: values').
 */
export function checkRange(values: ArrayLike<number>, start: number, end: number, where: string): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start) {
    throw new Error(`${where}: range [${start}, ${end}) is not a valid index range; use integers with 0 <= start <= end`);
  }
  if (end > values.length) {
    throw new Error(
      `${where}: count ${end} exceeds the array length ${values.length}; pass the number of filled entries as count`,
    );
  }
}
