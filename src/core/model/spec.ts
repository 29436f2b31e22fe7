// The compile entry: formula + family + priors + data -> everything the sampler, the UI and the
// exports need (ModelStructure, priors table, brms call, Stan program and data, equations).
import type { DataTable, FamilyName, GroupTerm, ModelStructure, PriorRow, SamplerSettings } from '../types';
import { ModelError } from '../formula/errors';
import { excerpt, listExcerpt } from '../formula/excerpt';
import { parseFormula } from '../formula/parseFormula';
import type { ParsedFormula } from '../formula/types';
import { buildDesign, type Design } from '../design/buildDesign';
import { closestName } from '../design/suggest';
import type { DroppedCells } from '../design/modelFrame';
import { FAMILY_NAMES, findFamilyName, findLink, getFamily, linkMessage, type LinkName } from '../families';
import { resolvePriors, type ResolvedPriors } from './priors';
import type { PriorSpec } from './priorsParse';
import { brmsCall } from './exportBrms';
import { stanData, stanProgram } from './exportStan';
import { modelEquations } from './equations';
import { chooseParameterizations, type ParameterizationMode } from './chooseParameterization';

export { parsePriorArg, parsePriorString, type PriorSpec } from './priorsParse';

/** The family names the registry knows (src/core/families), in its order. */
export const FAMILIES: readonly FamilyName[] = FAMILY_NAMES;

export interface ModelSpec {
  formula: string;
  family: FamilyName;
  /** The link of the mean, one of the family's (brms: `bernoulli(link = "probit")`); absent: its default. */
  link?: string;
  priors?: PriorSpec[];
}

export interface PreparedModel {
  structure: ModelStructure;
  priorTable: PriorRow[];
  nDropped: number;
  /** Rows dropped per model column and reason (design/modelFrame.ts). */
  dropped: DroppedCells[];
  /** 0-based data rows of the N observations, in order (Design.rows: dropped rows left out). */
  dataRows: Int32Array;
  messages: string[];
  formula: ParsedFormula;
  brmsCall: string;
  stanProgram: string;
  stanData: Record<string, unknown>;
  equations: string;
}

export interface PrepareOptions {
  /** Sampler settings written into the brms call (defaults: DEFAULT_SETTINGS). */
  settings?: Partial<SamplerSettings>;
  /** CSV file name for read.csv in the brms call (default: the DataTable's name). */
  dataFile?: string;
  /**
   * How the sampler parameterises the group effects (same posterior and outputs either way):
   * 'auto' (default) chooses per term from the data (chooseParameterization.ts), 'noncentered' is
   * brms's, 'centered' centres every term.
   */
  parameterization?: ParameterizationMode;
}

export function checkFamily(family: string): FamilyName {
  const known = findFamilyName(family);
  if (known) return known;
  const near = closestName(family, [...FAMILIES]);
  throw new ModelError(`Unknown family '${excerpt(family)}'${near ? ` (did you mean '${near}'?)` : ''}: use one of ${FAMILIES.join(', ')}.`);
}

/** The link for a family: the user's if the family has it (else a ModelError listing its links), or the default. */
export function checkLink(family: FamilyName, link: string | undefined): LinkName {
  const f = getFamily(family);
  if (link === undefined || link === '') return f.link;
  const found = findLink(f, link);
  if (!found) throw new ModelError(linkMessage(f, excerpt(link)));
  return found;
}

function toStructure(design: Design, family: FamilyName, link: LinkName, priors: ResolvedPriors): ModelStructure {
  const groups: GroupTerm[] = design.groups.map((g, t) => {
    const cor = priors.cor[t];
    return {
      id: g.id, group: g.group, levels: g.levels, index: g.index, coefNames: g.coefNames, Z: g.Z,
      correlated: g.correlated,
      sdPriors: priors.sd[t].map((p) => p.density),
      lkjEta: cor && cor.density.dist === 'lkj' ? cor.density.eta : 1,
      parameterization: 'noncentered',
    };
  });
  return {
    family, link, N: design.N, y: design.y, trials: design.trials, offset: design.offset,
    hasIntercept: design.hasIntercept, X: design.X, K: design.K, bNames: design.bNames,
    interceptPrior: priors.intercept ? priors.intercept.density : { dist: 'flat' },
    bPriors: priors.b.map((p) => p.density),
    groups,
    familyPriors: priors.family.map((p) => ({ name: p.name, prior: p.prior.density })),
    ...(priors.thresholds.length ? { thresholdPriors: priors.thresholds.map((p) => p.density) } : {}),
  };
}

/** The model compiled from spec + data: what the sampler needs, plus what describing it needs. */
export interface CompiledSpec {
  structure: ModelStructure;
  priorTable: PriorRow[];
  nDropped: number;
  /** Rows dropped per model column and reason (design/modelFrame.ts). */
  dropped: DroppedCells[];
  messages: string[];
  formula: ParsedFormula;
  family: FamilyName;
  /** The link of the mean (checkLink: the family's default when the spec gives none). */
  link: LinkName;
  design: Design;
  priors: ResolvedPriors;
  userPriors: PriorSpec[];
}

/** The descriptions of a compiled model: the brms call, the Stan program and data, the equations. */
export interface ModelDescription {
  brmsCall: string;
  stanProgram: string;
  stanData: Record<string, unknown>;
  equations: string;
}

/**
 * Parses, checks and compiles the model exactly as brms would, up to the ModelStructure the
 * sampler takes (parameterisation chosen). Throws ModelError / FormulaError.
 */
export function compileSpec(spec: ModelSpec, data: DataTable, options: PrepareOptions = {}): CompiledSpec {
  const family = checkFamily(spec.family);
  const link = checkLink(family, spec.link);
  const formula = parseFormula(spec.formula);
  if (getFamily(family).ordinal && !formula.population.intercept) {
    throw new ModelError(`The ${family} family estimates thresholds in place of the intercept, so the formula cannot remove it: drop the 0 + (or - 1) from ${excerpt(spec.formula)}.`);
  }
  const design = buildDesign(formula, data, family);
  const userPriors = spec.priors ?? [];
  const priors = resolvePriors(design, family, userPriors);
  if (design.rankDeficient.length) {
    const flat = design.rankDeficient.filter((name) => {
      const k = design.bNamesR.indexOf(name);
      return priors.b[k].density.dist === 'flat';
    });
    if (flat.length) {
      const which = flat.length === design.rankDeficient.length && flat.length > 2 ? 'them' : listExcerpt(flat, 2, "'", 25);
      throw new ModelError(`${design.messages.find((m) => m.includes('rank deficient'))} With flat priors the posterior is improper: remove ${which} from the formula, or give ${flat.length > 1 ? 'them' : 'it'} a proper prior (class b).`);
    }
  }
  const structure = toStructure(design, family, link, priors);
  const mode = options.parameterization ?? 'auto';
  if (mode !== 'auto' && mode !== 'noncentered' && mode !== 'centered') {
    throw new ModelError(`Unknown parameterization '${String(mode)}': use auto, noncentered or centered.`);
  }
  chooseParameterizations(structure, mode).forEach((p, t) => { structure.groups[t].parameterization = p; });
  return {
    structure, priorTable: priors.table, nDropped: design.nDropped, dropped: design.dropped, messages: design.messages,
    formula, family, link, design, priors, userPriors,
  };
}

/** Describes a compiled model: the brms call, the Stan program and its data, the equations. */
export function describeModel(c: CompiledSpec, data: DataTable, options: PrepareOptions = {}): ModelDescription {
  return {
    brmsCall: brmsCall(c.formula, c.family, c.userPriors, data, { ...options, link: c.link }),
    stanProgram: stanProgram(c.design, c.family, c.priors, c.link),
    stanData: stanData(c.design, c.family),
    equations: modelEquations(c.structure, c.family, c.formula.response.label, c.link),
  };
}

/** compileSpec and describeModel together: everything the UI and the CLI show about a model. */
export function prepareModel(spec: ModelSpec, data: DataTable, options: PrepareOptions = {}): PreparedModel {
  const c = compileSpec(spec, data, options);
  return {
    structure: c.structure,
    priorTable: c.priorTable,
    nDropped: c.nDropped,
    dropped: c.dropped,
    dataRows: c.design.rows,
    messages: c.messages,
    formula: c.formula,
    ...describeModel(c, data, options),
  };
}
