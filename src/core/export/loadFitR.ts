// load_fit.R of the "Open in R" bundle: rebuilds a real brmsfit from the exported draws without
// sampling. brm(..., empty = TRUE) makes the brmsfit (same formula, family, priors, data: the brms
// call of exportBrms.ts on the bundle's data.csv) without compiling; rstan::read_stan_csv reads
// the CmdStan CSVs of the exported program; the variables brm() would not have saved
// (brms:::exclude_pars: the temporary Intercept, z_, L_, Cor_, the r_ matrices) are dropped;
// brms:::rename_pars names the rest as brm() does (b[1] -> b_Days, r_1_1[1] -> r_Subject[308,Intercept]).
// Then summary(), pp_check(), loo(), conditional_effects() and as_draws_df() work on our draws.
import type { CompiledSpec } from '../model/spec';
import type { DataTable, SamplerSettings } from '../types';
import { brmsCall } from '../model/exportBrms';
import { rString } from '../model/codeEscape';
import { cmdstanChainFile } from './cmdstanWrite';

/** The versions the script was run with (npm run test:r). */
export const CHECKED_WITH = { R: '4.2.2', brms: '2.18.0', rstan: '2.21.7' } as const;

const PREAMBLE = `# load_fit.R: the Multilevel Studio fit as a brmsfit, without sampling again.
# Run it from any folder: Rscript path/to/load_fit.R, or source("path/to/load_fit.R") in R.
# It leaves the brmsfit in \`fit\`: summary(fit), pp_check(fit), loo(fit), conditional_effects(fit)
# and as_draws_df(fit) then use the draws the app made.
# Checked with R ${CHECKED_WITH.R}, brms ${CHECKED_WITH.brms} and rstan ${CHECKED_WITH.rstan}.
# How: brm(..., empty = TRUE) builds the brmsfit (formula, family, priors, data) without compiling
# or sampling; rstan::read_stan_csv reads the CmdStan CSVs of model.stan's variables; the ones brm()
# does not keep are dropped and brms:::rename_pars gives the rest brms's names (names.csv lists them).

local({
  for (p in c("brms", "rstan")) {
    if (!requireNamespace(p, quietly = TRUE)) {
      stop("load_fit.R needs the R package ", p, ": install.packages(\\"", p, "\\")", call. = FALSE)
    }
  }
  if (utils::packageVersion("brms") < "2.17.0") {
    stop("load_fit.R needs brms 2.17.0 or newer (model.stan has brms's lprior, which older brms does not declare); ",
      "this is brms ", utils::packageVersion("brms"), ". It was checked with brms ${CHECKED_WITH.brms}.", call. = FALSE)
  }
  if (utils::packageVersion("rstan") < "2.21.0") {
    stop("load_fit.R needs rstan 2.21.0 or newer (rstan::read_stan_csv); this is rstan ", utils::packageVersion("rstan"), ".", call. = FALSE)
  }
})

bundle_dir <- local({
  f <- NULL
  for (i in rev(seq_len(sys.nframe()))) if (!is.null(sys.frame(i)$ofile)) { f <- sys.frame(i)$ofile; break }
  if (is.null(f)) {
    a <- grep("^--file=", commandArgs(FALSE), value = TRUE)
    if (length(a)) f <- sub("^--file=", "", a[1])
  }
  if (is.null(f)) getwd() else dirname(normalizePath(f))
})

# Removes variables (and their cells) from a stanfit that rstan::read_stan_csv made, as brm()'s
# pars = exclude would not have saved them.
drop_variables <- function(sf, drop) {
  keep_par <- !(sf@sim$pars_oi %in% drop)
  keep <- !(sub("\\\\[.*$", "", sf@sim$fnames_oi) %in% drop)
  for (i in seq_along(sf@sim$samples)) {
    s <- sf@sim$samples[[i]]
    mp <- attr(s, "mean_pars")
    s <- brms:::subset_keep_attr(s, keep)
    if (!is.null(mp)) attr(s, "mean_pars") <- mp[keep[-length(keep)]]
    sf@sim$samples[[i]] <- s
  }
  sf@sim$fnames_oi <- sf@sim$fnames_oi[keep]
  sf@sim$n_flatnames <- sum(keep)
  sf@sim$pars_oi <- sf@sim$pars_oi[keep_par]
  sf@sim$dims_oi <- sf@sim$dims_oi[keep_par]
  sf@model_pars <- sf@sim$pars_oi
  sf@par_dims <- sf@sim$dims_oi
  sf
}
`;

function attachLines(chains: readonly number[]): string[] {
  const files = chains.map((c) => rString(cmdstanChainFile(c))).join(', ');
  return [
    '',
    '  # the draws: one CmdStan CSV per chain, named as brm() names them',
    `  stanfit <- rstan::read_stan_csv(c(${files}))`,
    '  # as rstan::sampling records a NUTS run (summary(fit) then says "sampling(NUTS)", as after brm())',
    '  for (i in seq_along(stanfit@stan_args)) stanfit@stan_args[[i]][c("method", "algorithm")] <- list("sampling", "NUTS")',
    '  fit$fit <- drop_variables(stanfit, brms:::exclude_pars(fit))',
    '  fit <- brms:::rename_pars(fit)',
    '',
    '  # every name names.csv gives must be there, else this brms names draws differently',
    '  map <- read.csv("names.csv", check.names = FALSE, stringsAsFactors = FALSE)',
    '  expected <- map$brms_name[nzchar(map$brms_name) & !grepl("__$", map$brms_name)]',
    '  got <- setdiff(brms::variables(fit), "lp__")',
    '  if (!setequal(expected, got)) {',
    `    stop("brms ", utils::packageVersion("brms"), " names the draws differently from brms ${CHECKED_WITH.brms}, which load_fit.R was checked with ",`,
    '      "(missing: ", paste(utils::head(setdiff(expected, got), 3), collapse = ", "), "; unexpected: ",',
    '      paste(utils::head(setdiff(got, expected), 3), collapse = ", "), "). Use brms 2.18 or read the CmdStan CSVs with rstan::read_stan_csv.", call. = FALSE)',
    '  }',
    '  fit',
    '})',
    '',
    'message("`fit` is the brmsfit: try summary(fit), pp_check(fit), loo(fit), conditional_effects(fit), as_draws_df(fit)")',
  ];
}

/**
 * The script for a compiled model, its data as in data.csv (tableOfRows: derived columns read, not
 * recomputed), the run's settings and the chains written (their ids).
 */
export function loadFitR(c: CompiledSpec, data: DataTable, settings: SamplerSettings, chains: readonly number[]): string {
  const call = brmsCall(c.formula, c.family, c.userPriors, data, { dataFile: 'data.csv', settings, empty: true, link: c.link });
  const body = call.trimEnd().split('\n').map((l) => (l === '' ? l : `  ${l}`));
  return [
    PREAMBLE,
    'fit <- local({',
    '  owd <- setwd(bundle_dir)',
    '  on.exit(setwd(owd), add = TRUE)',
    ...body,
    ...attachLines(chains),
  ].join('\n') + '\n';
}
