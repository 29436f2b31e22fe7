# Used by tests/r/exportR.test.ts: loads an Open in R bundle with its load_fit.R and writes, as
# JSON, summary(fit)'s estimates (under our names: b_Days, sd_Subject__Days, cor_..., sigma) and
# whether pp_check(fit), loo(fit), conditional_effects(fit) and as_draws_df(fit) ran.
#   Rscript tests/r/check_fit.R BUNDLE_DIR OUT.json
args <- commandArgs(trailingOnly = TRUE)
source(file.path(args[1], "load_fit.R"))
s <- summary(fit)
rows <- list()
add <- function(tab, names, section) {
  for (i in seq_len(nrow(tab))) {
    rows[[length(rows) + 1]] <<- list(
      name = names[i], section = section, label = rownames(tab)[i], mean = tab[i, "Estimate"], sd = tab[i, "Est.Error"],
      q2.5 = tab[i, "l-95% CI"], q97.5 = tab[i, "u-95% CI"], rhat = tab[i, "Rhat"],
      ess_bulk = tab[i, "Bulk_ESS"], ess_tail = tab[i, "Tail_ESS"]
    )
  }
}
add(s$fixed, paste0("b_", rownames(s$fixed)), "fixed")
for (g in names(s$random)) {
  tab <- s$random[[g]]
  rn <- rownames(tab)
  nm <- ifelse(grepl("^sd\\(", rn), sub("^sd\\((.*)\\)$", paste0("sd_", g, "__\\1"), rn),
    sub("^cor\\((.*),(.*)\\)$", paste0("cor_", g, "__\\1__\\2"), rn))
  add(tab, nm, g)
}
if (!is.null(s$spec_pars) && nrow(s$spec_pars)) add(s$spec_pars, rownames(s$spec_pars), "spec")
grDevices::pdf(NULL) # plots to no file
ok <- function(expr) tryCatch({ force(expr); TRUE }, error = function(e) conditionMessage(e))
checks <- list(
  pp_check = ok(print(pp_check(fit, ndraws = 20))),
  loo = ok(suppressWarnings(loo(fit))),
  conditional_effects = ok(conditional_effects(fit)),
  as_draws_df = ok(nrow(posterior::as_draws_df(fit)) == posterior::ndraws(fit)),
  brms = as.character(packageVersion("brms")), rstan = as.character(packageVersion("rstan"))
)
grDevices::dev.off()
jsonlite::write_json(list(rows = rows, checks = checks, variables = brms::variables(fit)), args[2], digits = NA, auto_unbox = TRUE)
