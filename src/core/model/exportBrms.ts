// The equivalent brms call as R code: read the CSV, recode what brms would read differently
// (numeric columns the user marked as factors, a two-level text response for bernoulli), then
// brm(formula, data, family, prior = c(set_prior(...)), chains, iter, warmup, seed, control).
// Every user string (file name, column names, levels, prior text) goes through codeEscape.ts,
// so the script runs only the calls written here whatever the data holds.
import type { DataTable, FamilyName, SamplerSettings } from '../types';
import { getFamily } from '../families';
import { DEFAULT_SETTINGS } from '../types';
import type { Expr } from '../formula/ast';
import { formatNumberR } from '../formula/deparse';
import { tokenize } from '../formula/tokenizer';
import { R_CONSTANTS } from '../formula/parseFormula';
import type { ParsedFormula } from '../formula/types';
import { compareR } from '../design/collate';
import type { PriorSpec } from './priorsParse';
import { rComment, rName, rString } from './codeEscape';
import { derivedColumnsR } from './derivedR';
import { distinctRawCells } from '../io/rawCells';

export interface BrmsCallOptions {
  /** CSV file name for read.csv (default: the DataTable's name). */
  dataFile?: string;
  settings?: Partial<SamplerSettings>;
  /** The family's link (absent: its default), written as brms does: `bernoulli(link = "probit")`. */
  link?: string;
  /** brm(..., empty = TRUE): the brmsfit without compiling or sampling (export/loadFitR.ts); no summary line. */
  empty?: boolean;
}

/**
 * Formula text as R code: the user's tokens with each run of whitespace as one space and every
 * backticked name re-quoted by rName (a name holding a backslash, a newline or a separator must
 * not change meaning in R). Unquoted names stay as typed (TRUE in scale(x, center = TRUE) is R's
 * constant); the tokenizer admits nothing else that R could read as code.
 */
function rFormulaText(text: string): string {
  let out = '';
  let end = -1;
  for (const t of tokenize(text)) {
    if (t.kind === 'eof') break;
    if (end >= 0 && t.start > end) out += ' ';
    out += t.kind === 'name' && text[t.start] === '`' ? rName(t.text) : t.text;
    end = t.end;
  }
  return out;
}

const SPACED = new Set(['+', '-', '*', '~', '|', '||', '%in%', '==', '!=', '<', '>', '<=', '>=']);

/** R's deparse of an expression, names quoted by rName (formula/deparse.ts's layout). */
function deparseR(e: Expr): string {
  switch (e.type) {
    case 'num': return /L$/.test(e.text) ? e.text : formatNumberR(e.value);
    case 'name': return R_CONSTANTS.has(e.name) ? e.name : rName(e.name);
    case 'paren': return `(${deparseR(e.expr)})`;
    case 'unary': return `${e.op}${deparseR(e.arg)}`;
    case 'call': return `${e.fn}(${e.args.map((a, i) => (e.argNames[i] ? `${e.argNames[i]} = ` : '') + deparseR(a)).join(', ')})`;
    case 'binary': return SPACED.has(e.op) ? `${deparseR(e.left)} ${e.op} ${deparseR(e.right)}` : `${deparseR(e.left)}${e.op}${deparseR(e.right)}`;
  }
}

/** brms has no cbind() binomial response: write it as s | trials(s + f). */
function brmsFormulaText(f: ParsedFormula): string {
  if (f.response.kind !== 'cbind') return rFormulaText(f.text);
  // The formula's own '~' token (a backticked name may hold a '~' of its own).
  const tilde = tokenize(f.text).find((t) => t.kind === 'op' && t.text === '~')!;
  const wrap = (e: Expr) => (e.type === 'binary' ? `(${deparseR(e)})` : deparseR(e));
  return `${deparseR(f.response.expr)} | trials(${wrap(f.response.expr)} + ${wrap(f.response.failures)}) ~ ${rFormulaText(f.text.slice(tilde.end))}`;
}

function setPrior(p: PriorSpec): string {
  let cls = p.class;
  let prior = p.prior.trim();
  if (cls === 'L') {
    cls = 'cor';
    prior = prior.replace(/^lkj_corr_cholesky\(/, 'lkj(');
  }
  const parts = [rString(prior), `class = ${rString(cls)}`];
  if (p.coef) parts.push(`coef = ${rString(p.coef)}`);
  if (p.group) parts.push(`group = ${rString(p.group)}`);
  return `set_prior(${parts.join(', ')})`;
}

export function brmsCall(
  formula: ParsedFormula, family: FamilyName, priors: PriorSpec[], data: DataTable, options: BrmsCallOptions = {},
): string {
  const s = { ...DEFAULT_SETTINGS, ...options.settings };
  const lines: string[] = ['library(brms)', '', `data <- read.csv(${rString(options.dataFile ?? data.name)}, check.names = FALSE)`];
  // Derived columns (within/between splits) first, from the columns as read.csv gives them.
  lines.push(...derivedColumnsR(data));
  // Numeric columns used as factor predictors (grouping columns need nothing: brms makes them factors).
  const predictorNames = new Set<string>();
  const collect = (e: Expr) => { if (e.type === 'name') predictorNames.add(e.name); };
  formula.population.variables.forEach((v) => collect(v.expr));
  formula.groups.forEach((g) => g.variables.forEach((v) => collect(v.expr)));
  for (const c of data.columns) {
    if (c.asFactor && c.numeric !== null && predictorNames.has(c.name)) {
      lines.push(`data$${rName(c.name)} <- factor(data$${rName(c.name)})`);
    }
  }
  const resp = formula.response.expr;
  const fam = getFamily(family, options.link);
  if (fam.response.twoLevelFactor && resp.type === 'name') {
    const col = data.columns.find((c) => c.name === resp.name);
    if (col && col.numeric === null) {
      const levels = distinctRawCells(col.raw, (i) => !col.missing[i]).sort(compareR);
      if (levels.length === 2) {
        lines.push(`data$${rName(col.name)} <- as.integer(data$${rName(col.name)} == ${rString(levels[1])})  # ${rComment(levels[1])} = 1, ${rComment(levels[0])} = 0`);
      }
    }
  }
  if (fam.ordinal && resp.type === 'name') {
    // An ordinal text response: R's factor in the user's level order (as the model codes it 1..K).
    const col = data.columns.find((c) => c.name === resp.name);
    if (col && col.numeric === null && col.levels) {
      lines.push(`data$${rName(col.name)} <- factor(data$${rName(col.name)}, levels = c(${col.levels.map(rString).join(', ')}), ordered = TRUE)`);
    }
  }
  const familyCall = fam.brms.call;
  lines.push('', 'fit <- brm(', `  ${brmsFormulaText(formula)},`, '  data = data,', `  family = ${familyCall},`);
  if (priors.length) {
    lines.push('  prior = c(');
    priors.forEach((p, i) => lines.push(`    ${setPrior(p)}${i < priors.length - 1 ? ',' : ''}`));
    lines.push('  ),');
  }
  const n = formatNumberR;
  lines.push(
    `  chains = ${n(s.chains)}, iter = ${n(s.warmup + s.iter)}, warmup = ${n(s.warmup)}, seed = ${n(s.seed)},`,
    `  control = list(adapt_delta = ${n(s.adaptDelta)}, max_treedepth = ${n(s.maxTreedepth)})${options.empty ? ',' : ''}`,
    ...(options.empty ? ['  empty = TRUE', ')'] : [')', '', 'summary(fit)']),
  );
  return lines.join('\n') + '\n';
}
