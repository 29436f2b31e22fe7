# brms/rstan's min bulk-ESS per second of sampling for the models of `npm run bench -- --r`
# (issue 23), with brms defaults (4 chains, 1000 warmup + 1000 draws, 2 chains at a time on this
# 2-core machine). Usage: Rscript bench/r/ess_rate.R OUT.json NAME DATA.csv FORMULA FAMILY FACTORS...
# FACTORS is a comma-separated list of columns to read as factors ("" for none).
# Min bulk-ESS is over the parameters the bench reports for ours: everything except r_*, lp__,
# lprior (population effects, group sds and correlations, family parameters), as in
# shared/fixtures/reference/README.md; seconds are the chains' post-warmup sampling time summed.
suppressPackageStartupMessages({ library(brms); library(posterior); library(jsonlite) })
rstan::rstan_options(boost_lib = "/usr/include")  # Debian's BH headers live there
rstan::rstan_options(auto_write = FALSE)
args <- commandArgs(trailingOnly = TRUE)
out <- args[1]; name <- args[2]; data_file <- args[3]; formula <- args[4]; family <- args[5]
factors <- if (length(args) >= 6 && nzchar(args[6])) strsplit(args[6], ",")[[1]] else character(0)
d <- read.csv(data_file)
for (f in factors) d[[f]] <- factor(d[[f]])
t0 <- Sys.time()
fit <- brm(as.formula(formula), data = d, family = family, chains = 4, cores = 2,
           warmup = 1000, iter = 2000, seed = 1, refresh = 0, silent = 2)
wall <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
el <- rstan::get_elapsed_time(fit$fit)
s <- summarise_draws(as_draws_df(fit), "rhat", "ess_bulk")
keep <- !grepl("^(r_|lp__|lprior|z_|L_|Intercept$)", s$variable)
s <- s[keep, ]
sampling <- sum(el[, "sample"])
res <- list(
  name = name, formula = formula, family = family, n_obs = nrow(d),
  versions = list(brms = as.character(packageVersion("brms")), rstan = as.character(packageVersion("rstan"))),
  warmup_s = unname(el[, "warmup"]), sampling_s = unname(el[, "sample"]),
  wall_s_including_compile = wall,
  min_ess_bulk = min(s$ess_bulk), min_ess_variable = s$variable[which.min(s$ess_bulk)],
  max_rhat = max(s$rhat),
  ess_bulk_per_sampling_second = min(s$ess_bulk) / sampling,
  divergences = sum(rstan::get_divergent_iterations(fit$fit)))
write(toJSON(res, auto_unbox = TRUE, digits = NA, pretty = TRUE), out)
