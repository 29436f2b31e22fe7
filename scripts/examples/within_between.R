# Simulates public/examples/within_between.csv: the ecological-fallacy reversal of the lecture's
# Kansas example (Gelman et al., "Rich state, poor state, red state, blue state"): richer groups
# (states) have a higher mean outcome, yet within each group richer people have a lower one.
#
#   40 groups g = 1..40, 30 rows each (1,200 rows)
#   group mean of x:   mu_g ~ N(0, 1)
#   x_ig = mu_g + N(0, 0.7)
#   y_ig = 1 + 2.0 * mu_g - 1.0 * (x_ig - mu_g) + u_g + e_ig,  u_g ~ N(0, 0.5), e_ig ~ N(0, 1)
#
# So the true between-group slope is +2.0 and the true within-group slope is -1.0. Fitting
# y ~ x_within + x_between + (1 | g) (the within/between, or Mundlak, model) recovers both; the
# sample group mean of x stands in for mu_g, so the between slope is slightly attenuated.
# Run from the repository root: Rscript scripts/examples/within_between.R
set.seed(20261204)
G <- 40L; n <- 30L
mu <- rnorm(G, 0, 1)
u <- rnorm(G, 0, 0.5)
g <- rep(seq_len(G), each = n)
x <- mu[g] + rnorm(G * n, 0, 0.7)
y <- 1 + 2.0 * mu[g] - 1.0 * (x - mu[g]) + u[g] + rnorm(G * n, 0, 1)
d <- data.frame(g = g, x = round(x, 4), y = round(y, 4))
write.csv(d, "public/examples/within_between.csv", row.names = FALSE, quote = FALSE)

# What the fits give (written to within_between.truth.json next to this script).
d$x_between <- ave(d$x, d$g, FUN = function(v) mean(v, na.rm = TRUE))
d$x_within <- d$x - d$x_between
pooled <- coef(lm(y ~ x, data = d))[["x"]]
within <- coef(lm(y ~ x_within + factor(g), data = d))[["x_within"]]
wb <- coef(lm(y ~ x_within + x_between, data = d))
num <- function(v) format(signif(v, 6))
json <- paste0('{\n',
  '  "seed": 20261204,\n  "groups": 40,\n  "rows_per_group": 30,\n',
  '  "true": { "intercept": 1, "between_slope": 2, "within_slope": -1, "sd_g": 0.5, "sigma": 1, "sd_x_within": 0.7, "sd_group_mean_x": 1 },\n',
  '  "lm": { "pooled_slope_y_on_x": ', num(pooled), ', "within_slope_fixed_effects": ', num(within),
  ', "x_within": ', num(wb[["x_within"]]), ', "x_between": ', num(wb[["x_between"]]), ' }\n}\n')
writeLines(json, "scripts/examples/within_between.truth.json", sep = "")
