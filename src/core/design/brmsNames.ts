// brms renames coefficient names to avoid special characters in Stan parameter names
// (brms 2.18 R/misc.R rename(): ' ', '(', ')', '[', ']', ',', '"', "'", '?' removed; '+' -> 'P',
// '-' -> 'M', '*' -> 'MU', '/' -> 'D', '^' -> 'E', '=' -> 'EQ'; ':' and comparison signs are
// kept). So model.matrix's 'I(age^2)' is brms's 'IageE2', 'factor(period)2' is 'factorperiod2'
// and the logical 'I(z > 0)TRUE' is 'Iz>0TRUE'.
// Backticks: model.matrix names a non-syntactic column '`hours studied`'; brms 2.18 refuses such
// names ("The following variable names are invalid"), so there is no brms name to copy. We
// accept them and drop the backticks too, giving the name rename() gives the bare column name
// ('hoursstudied').

const RULES: [string, string][] = [
  [' ', ''], ['(', ''], [')', ''], ['[', ''], [']', ''], [',', ''], ['"', ''], ["'", ''], ['?', ''],
  ['+', 'P'], ['-', 'M'], ['*', 'MU'], ['/', 'D'], ['^', 'E'], ['=', 'EQ'], ['`', ''],
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
