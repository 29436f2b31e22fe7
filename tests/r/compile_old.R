# Used by tests/r/exportR.test.ts: compiles an exported older-syntax model.stan with rstan (minutes)
# and samples it briefly from standata.json; writes the posterior means and sds as JSON.
#   Rscript tests/r/compile_old.R BUNDLE_DIR OUT.json
args <- commandArgs(trailingOnly = TRUE)
suppressPackageStartupMessages(library(rstan))
file <- file.path(args[1], "model.stan")
invisible(stanc(file)) # Stan's parser and type checker (stanc 2.21): fails fast on any syntax error
# Debian's r-cran-bh leaves BH's include folder empty and the headers in /usr/include: say so
boost <- if (nzchar(system.file("include", "boost", package = "BH"))) NULL else "/usr/include"
m <- stan_model(file, boost_lib = boost)
data <- jsonlite::read_json(file.path(args[1], "standata.json"), simplifyVector = TRUE)
f <- sampling(m, data = data, chains = 2, iter = 1000, warmup = 500, seed = 1, refresh = 0)
s <- summary(f, pars = c("b_Intercept", "b", "sd_1", "sigma"))$summary
jsonlite::write_json(list(names = rownames(s), mean = unname(s[, "mean"]), sd = unname(s[, "sd"]), n_eff = unname(s[, "n_eff"]),
  rstan = as.character(packageVersion("rstan"))), args[2], digits = NA, auto_unbox = TRUE)
