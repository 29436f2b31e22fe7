// R code that makes the table's derived columns (design/withinBetween.ts) from the columns
// read.csv returns, for the brms call: one block per within/between split,
//   data$x_between <- ave(data$x, data$g, FUN = function(v) mean(v, na.rm = TRUE))
//   data$x_within <- data$x - data$x_between
// ave() leaves x unchanged in rows whose group is NA, and read.csv keeps an empty text cell as
// the level "" (and '.', 'NaN' as text); the app reads all of these as missing, so when the group
// column has missing cells one more line makes the group mean missing there too. Every name
// goes through codeEscape.ts.
import type { DataColumn, DataTable } from '../types';
import { rComment, rName } from './codeEscape';

/** `data$name` with the name quoted as R needs it. */
const col = (data: string, name: string) => `${data}$${rName(name)}`;

function splitLines(between: DataColumn, within: DataColumn, group: DataColumn | undefined, data: string): string[] {
  const d = between.derived!;
  const x = col(data, d.source);
  const g = col(data, d.group);
  const b = col(data, between.name);
  const lines = [
    `# ${rComment(between.name)}: mean of ${rComment(d.source)} in each ${rComment(d.group)} group; ${rComment(within.name)}: the deviation from it`,
    `${b} <- ave(${x}, ${g}, FUN = function(v) mean(v, na.rm = TRUE))`,
  ];
  if (group && group.nMissing > 0) lines.push(`${b}[is.na(${g}) | ${g} %in% c("", ".", "NaN")] <- NA`);
  lines.push(`${col(data, within.name)} <- ${x} - ${b}`);
  return lines;
}

/** The lines that make every derived column of `table` (none when it has none), in table order. */
export function derivedColumnsR(table: DataTable, data = 'data'): string[] {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const lines: string[] = [];
  for (const c of table.columns) {
    if (c.derived?.kind !== 'between') continue;
    const within = byName.get(c.derived.partner);
    if (!within?.derived) continue;
    lines.push(...splitLines(c, within, byName.get(c.derived.group), data));
  }
  return lines;
}
