# Simulates public/examples/fishing.csv: fish caught by groups of visitors to 12 lakes of a state
# park, in the spirit of the UCLA "fish" data (zero-inflated Poisson textbook example). Some groups
# never fished at all (structural zeros, probability zi); the others caught a Poisson number of fish
# whose mean grows with the number of adults, falls with children along, is higher for campers, and
# varies by lake:
#
#   400 groups, lake ~ 12 lakes
#   persons ~ 1..4, child ~ 0..3 (at most persons - 1), camper ~ Bernoulli(0.5)
#   log mu = -0.3 + 0.6 persons - 0.8 child + 0.5 camper + u_lake,  u_lake ~ N(0, 0.5)
#   fish = 0 with probability zi = 0.35, else Poisson(mu)
#
# brm(fish ~ persons + child + camper + (1 | lake), family = zero_inflated_poisson()) estimates
# b_Intercept = -0.3, b_persons = 0.6, b_child = -0.8, b_camper = 0.5, sd_lake__Intercept = 0.5
# and zi = 0.35; a plain poisson() fit of the same data misses the excess zeros.
# The truth is written to public/examples/fishing.truth.json.
# Run from the repository root: Rscript scripts/examples/fishing.R
set.seed(20261205)
N <- 400L; L <- 12L
lakes <- c("Alder", "Birch", "Cedar", "Dunmore", "Elk", "Fern", "Granite", "Heron", "Iris", "Juniper", "Kettle", "Loon")
u <- rnorm(L, 0, 0.5)
lake <- sample(seq_len(L), N, replace = TRUE)
persons <- sample(1:4, N, replace = TRUE)
child <- pmin(rpois(N, 0.7), persons - 1L, 3L)
camper <- rbinom(N, 1, 0.5)
truth <- list(b_Intercept = -0.3, b_persons = 0.6, b_child = -0.8, b_camper = 0.5, sd_lake__Intercept = 0.5, zi = 0.35)
mu <- exp(truth$b_Intercept + truth$b_persons * persons + truth$b_child * child + truth$b_camper * camper + u[lake])
structural <- rbinom(N, 1, truth$zi) == 1
fish <- ifelse(structural, 0L, rpois(N, mu))
d <- data.frame(group = seq_len(N), lake = lakes[lake], persons = persons, child = child, camper = camper, fish = fish)
write.csv(d, "public/examples/fishing.csv", row.names = FALSE, quote = FALSE)
num <- function(v) format(signif(v, 6))
lines <- c("{", "  \"//\": \"Truth of the simulation in scripts/examples/fishing.R (zero_inflated_poisson).\",",
  sprintf("  \"formula\": \"fish ~ persons + child + camper + (1 | lake)\", \"family\": \"zero_inflated_poisson\","),
  paste0("  \"truth\": { ", paste(sprintf("\"%s\": %s", names(truth), sapply(truth, num)), collapse = ", "), " },"),
  sprintf("  \"zeros\": %d, \"structural_zeros\": %d, \"rows\": %d", sum(fish == 0), sum(structural), N), "}")
writeLines(lines, "public/examples/fishing.truth.json")
