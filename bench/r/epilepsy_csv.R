# Writes brms's epilepsy data (Leppik et al. 1987; brms::epilepsy) to bench/data/epilepsy.csv for
# the negbinomial comparison of `npm run bench -- --r`. Trt is written as 0/1 (a two-level factor's
# dummy, the same design as brms's treatment contrast). Usage: Rscript bench/r/epilepsy_csv.R
suppressPackageStartupMessages(library(brms))
d <- brms::epilepsy
out <- data.frame(count = d$count, zAge = d$zAge, zBase = d$zBase,
                  Trt = as.integer(as.character(d$Trt)), patient = as.integer(as.character(d$patient)), visit = as.integer(as.character(d$visit)))
write.csv(out, "bench/data/epilepsy.csv", row.names = FALSE)
