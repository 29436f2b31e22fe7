// The response (and binomial trials) checked against the family, with messages that name the row.
import type { DataColumn, FamilyName } from '../types';
import type { ResponsePart } from '../formula/types';
import { ModelError } from '../formula/errors';
import { excerpt, listExcerpt } from '../formula/excerpt';
import { getFamily } from '../families';
import { firstBad, isCount } from '../families/shared';
import { columnLabels, evalNumeric, factorFromValues, type FrameContext } from './evaluate';

export interface ResponseValues {
  y: Float64Array;
  trials: Float64Array | null;
  messages: string[];
}

const row = (ctx: FrameContext, i: number) => ctx.rows[i] + 1;

export function responseValues(resp: ResponsePart, family: FamilyName, ctx: FrameContext): ResponseValues {
  const messages: string[] = [];
  const label = excerpt(resp.label);
  const trialsLabel = resp.kind === 'trials' ? excerpt(resp.trialsLabel) : '';
  const failuresLabel = resp.kind === 'cbind' ? excerpt(resp.failuresLabel) : '';
  const fam = getFamily(family);
  if (resp.kind !== 'simple' && !fam.response.trials) {
    throw new ModelError(`${resp.kind === 'trials' ? 'trials()' : 'cbind()'} in the response is for the binomial family, but the family is ${family}. Pick binomial, or write just ${label} ~ ...`);
  }
  // A categorical response column.
  const col = resp.expr.type === 'name' ? ctx.columns.get(resp.expr.name) : undefined;
  if (fam.ordinal && col !== undefined && col.numeric === null) {
    const y = orderedCodes(col, family, label, ctx, messages);
    const problem = fam.response.check(y, label, (i) => row(ctx, i));
    if (problem) throw new ModelError(problem);
    return { y, trials: null, messages };
  }
  const categorical = col !== undefined && (col.numeric === null || (col.asFactor && fam.response.twoLevelFactor));
  if (categorical) {
    const { labels, numeric } = columnLabels(col!, ctx);
    const f = factorFromValues(labels, numeric);
    if (fam.response.twoLevelFactor && f.levels.length === 2) {
      // brms codes a two-level factor response as 0/1 with the second level (R's order) as 1.
      messages.push(`Response ${label} has two levels; coding '${excerpt(f.levels[1])}' as 1 (success) and '${excerpt(f.levels[0])}' as 0, as brms does (the second level in R's sort order is the success).`);
      return { y: Float64Array.from(f.codes), trials: null, messages };
    }
    if (fam.response.twoLevelFactor) {
      throw new ModelError(`The ${family} family needs a response with two values (0/1 or two labels such as Y/N), but ${label} has ${f.levels.length} levels (${listExcerpt(f.levels)}).`);
    }
    throw new ModelError(`The response ${label} is not numeric (e.g. '${excerpt(labels[0])}'); the ${family} family needs ${fam.response.needs}.${f.levels.length === 2 ? ' For a two-level outcome pick the bernoulli family.' : ''}`);
  }
  const y = evalNumeric(resp.expr, ctx);
  const bad = firstBad(y, Number.isFinite);
  if (bad >= 0) throw new ModelError(`The response ${label} is ${y[bad]} at data row ${row(ctx, bad)}; it must be a finite number.`);
  if (fam.response.trials && resp.kind === 'simple') {
    throw new ModelError(`The ${family} family needs the number of trials: write ${label} | trials(n) ~ ... or cbind(successes, failures) ~ ...`);
  }
  const problem = fam.response.check(y, label, (i) => row(ctx, i));
  if (problem) throw new ModelError(problem);
  if (resp.kind === 'simple') return { y, trials: null, messages };
  let trials: Float64Array;
  if (resp.kind === 'trials') {
    trials = evalNumeric(resp.trials, ctx);
    const t = firstBad(trials, isCount);
    if (t >= 0) throw new ModelError(`Binomial trials ${trialsLabel} must be non-negative whole numbers, but it is ${trials[t]} at data row ${row(ctx, t)}.`);
    for (let i = 0; i < y.length; i++) {
      if (y[i] > trials[i]) {
        throw new ModelError(`Successes exceed trials at data row ${row(ctx, i)}: ${label} = ${y[i]} but ${trialsLabel} = ${trials[i]}.`);
      }
    }
  } else {
    const failures = evalNumeric(resp.failures, ctx);
    const f = firstBad(failures, isCount);
    if (f >= 0) throw new ModelError(`Binomial failures ${failuresLabel} must be non-negative whole numbers, but it is ${failures[f]} at data row ${row(ctx, f)}.`);
    trials = new Float64Array(y.length);
    for (let i = 0; i < y.length; i++) trials[i] = y[i] + failures[i];
  }
  return { y, trials, messages };
}

/**
 * An ordinal response given as text: codes 1..K in the column's level order (DataColumn.levels,
 * as R's factor(x, levels = ..., ordered = TRUE)), or, without one, in R's sort order as brms
 * would take a plain factor (said in a message, since that order is rarely the intended one).
 */
function orderedCodes(col: DataColumn, family: FamilyName, label: string, ctx: FrameContext, messages: string[]): Float64Array {
  const { labels } = columnLabels(col, ctx);
  let levels = col.levels;
  if (!levels) {
    levels = factorFromValues(labels, null).levels;
    messages.push(`Response ${label} is text; its categories are ordered as R sorts them (${listExcerpt(levels, 6)}). If that is not their order, set it: order the levels in the data view, or --levels "lowest,...,highest" in the CLI.`);
  }
  const code = new Map(levels.map((l, i) => [l, i + 1]));
  const y = new Float64Array(labels.length);
  const unknown: string[] = [];
  let first = -1;
  labels.forEach((l, i) => {
    const c = code.get(l);
    if (c !== undefined) y[i] = c;
    else {
      if (first < 0) first = i;
      if (!unknown.includes(l)) unknown.push(l);
    }
  });
  if (first >= 0) {
    throw new ModelError(`The order of the levels of ${label} (${listExcerpt(levels, 6)}) does not list ${listExcerpt(unknown, 4, "'")} (first at data row ${row(ctx, first)}). Add ${unknown.length > 1 ? 'them' : 'it'} to the order, or drop those rows.`);
  }
  if (y.every((v) => v < 3)) {
    const found = levels.filter((l) => labels.includes(l));
    throw new ModelError(`The ${family} family needs at least 3 ordered categories, but ${label} has only ${listExcerpt(found, 4, "'")}. For a two-level outcome pick bernoulli.`);
  }
  return y;
}
