// brms renames coefficient names to avoid special characters in Stan parameter names
// (brms R/misc.R rename(): ' ', '(', ')', '[', ']', ',', '"', "'", '?' removed; '+' -> 'P',
// '-' -> 'M', '*' -> 'MU', '/' -> 'D', '^' -> 'E', '=' -> 'EQ'; ':' is kept).
// So model.matrix's 'I(age^2)' is brms's 'IageE2' and 'factor(period)2' is 'factorperiod2'.

const RULES: [string, string][] = [
  [' ', ''], ['(', ''], [')', ''], ['[', ''], [']', ''], [',', ''], ['"', ''], ["'", ''], ['?', ''],
  ['+', 'P'], ['-', 'M'], ['*', 'MU'], ['/', 'D'], ['^', 'E'], ['=', 'EQ'],
];

export function brmsRename(name: string): string {
  let out = name;
  for (const [from, to] of RULES) out = out.split(from).join(to);
  return out;
}

/**
 * A grouping level as it appears inside brms's r_ names: whitespace becomes '.' (brms
 * rename_pars: "rstan doesn't like whitespaces in parameter names"), e.g. r_school[top.25%,Intercept].
 */
export function brmsLevelName(level: string): string {
  return level.replace(/[ \t\r\n]/g, '.');
}
