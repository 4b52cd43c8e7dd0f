# Reference results from R's `survey` package for clustered designs, finite population
# corrections, intervals for proportions, contrasts between domains and the Rao-Scott test.
#
# Run from the repository root:
#   Rscript samson/surveystats/tests/r/make_cluster_fixtures.R
#
# It writes, to samson/surveystats/tests/fixtures/:
#   cluster_sample.csv          synthetic respondents in municipalities (primary units) within
#                               regions (strata), made here with set.seed
#   cluster_pop_size.csv        population counts by size (post-stratification)
#   cluster_pop_margins.csv     population margins for raking: variable,value,count
#   cluster_estimates.csv       svymean / svyby, with degf of each domain, 17 significant digits
#   cluster_ciprop.csv          svyciprop with methods logit, beta and mean, overall and by sector
#   cluster_contrasts.csv       svycontrast on svyby(..., covmat = TRUE): sector vs sector
#   cluster_chisq.csv           svychisq(statistic = "F"): F, ndf, ddf, p-value, Pearson's X^2
#   cluster_weights.csv         the final weights of every scenario
#   cluster_r_session.txt       R and survey versions used
# The data are re-read from the CSV files before any estimation, so the numbers R uses are
# exactly the numbers the Python tests read.
#
# R warns while it runs, as expected: "observations with zero weight not used for calculating
# dispersion" (svyglm on a domain of a calibrated design, whose other rows keep weight 0) and
# "Chi-squared approximation may be incorrect" (chisq.test on tables with small cells; only
# Pearson's X^2 is taken from it).

suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")

out <- if (length(commandArgs(TRUE))) commandArgs(TRUE)[1] else "samson/surveystats/tests/fixtures"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
path <- function(name) file.path(out, name)
num <- function(x) {
  x <- as.vector(as.matrix(x))
  ifelse(is.finite(x), sprintf("%.17g", x), ifelse(is.na(x), "NA", "Inf"))
}

# ---- 1. Synthetic data -------------------------------------------------------------------------
# Regions are the strata; municipalities, numbered 1, 2, ... within each region (so the same
# number in two regions is two municipalities: R's nest = TRUE), are the primary units.
set.seed(20261203)
regions <- c("nord", "midt", "vest", "ost")
psu_population <- c(nord = 80, midt = 50, vest = 90, ost = 136)
psu_sample <- c(nord = 12, midt = 8, vest = 14, ost = 18)
unit_population <- c(nord = 900, midt = 600, vest = 1100, ost = 1500)
sectors <- c("Kultur", "Helse", "Oppvekst", "Teknisk")
sizes <- c("small", "medium", "large")
parts <- list()
for (r in regions) {
  for (k in seq_len(psu_sample[[r]])) {
    m <- sample(3:9, 1)
    u <- rnorm(1, 0, 0.9)
    parts[[length(parts) + 1]] <- data.frame(
      region = r, kommune = k, u = u,
      sektor = sample(sectors, m, replace = TRUE, prob = c(0.2, 0.3, 0.3, 0.2)),
      size = sample(sizes, m, replace = TRUE, prob = c(0.5, 0.3, 0.2)),
      stringsAsFactors = FALSE)
  }
}
d <- do.call(rbind, parts)
n <- nrow(d)
d$id <- seq_len(n)
# A country-wide municipality number with a leading zero, as Norway's are (0301 is Oslo).
d$kommunenr <- sprintf("%02d%02d", match(d$region, regions), d$kommune)
d$N <- psu_population[d$region]
d$N_units <- unit_population[d$region]
d$w <- round(psu_population[d$region] / psu_sample[d$region] * runif(n, 0.7, 1.3), 4)
effect <- c(Kultur = 0.5, Helse = -0.2, Oppvekst = 0.1, Teknisk = -0.5)
d$innovative <- rbinom(n, 1, plogis(0.4 + effect[d$sektor] + d$u))
d$rare <- rbinom(n, 1, plogis(-2.6 + 0.4 * d$u))
d$score <- round(pmin(6, pmax(1, rnorm(n, 3.6 + 0.5 * d$u + effect[d$sektor], 1))), 1)
d$novelty <- sample(c("first", "adapted", "copied"), n, replace = TRUE, prob = c(0.2, 0.5, 0.3))
d$innovative[sample(n, 14)] <- NA
d$score[sample(n, 17)] <- NA
d$novelty[sample(n, 21)] <- NA
d <- d[, c("id", "region", "kommune", "kommunenr", "N", "N_units", "sektor", "size", "w",
           "innovative", "rare", "score", "novelty")]
write.csv(d, path("cluster_sample.csv"), row.names = FALSE, na = "")

pop_size <- data.frame(size = sizes, count = c(2500, 1300, 700))
write.csv(pop_size, path("cluster_pop_size.csv"), row.names = FALSE)
pop_margins <- rbind(
  data.frame(variable = "size", value = sizes, count = c(2500, 1300, 700)),
  data.frame(variable = "sektor", value = sectors, count = c(800, 1400, 1500, 800))
)
write.csv(pop_margins, path("cluster_pop_margins.csv"), row.names = FALSE)

# ---- 2. Designs ----------------------------------------------------------------------------------
d <- read.csv(path("cluster_sample.csv"), na.strings = "", stringsAsFactors = FALSE,
              colClasses = c(kommunenr = "character"))
pop_size <- read.csv(path("cluster_pop_size.csv"), stringsAsFactors = FALSE)
pop_margins <- read.csv(path("cluster_pop_margins.csv"), stringsAsFactors = FALSE)
stopifnot(all(tapply(d$rare, d$sektor, sum) > 0), all(tapply(d$rare, d$sektor, sum) < table(d$sektor)))
d$novelty <- factor(d$novelty, levels = c("first", "adapted", "copied"))
margin <- function(v) {
  m <- pop_margins[pop_margins$variable == v, c("value", "count")]
  names(m) <- c(v, "Freq")
  m
}
pop_freq <- pop_size
names(pop_freq)[2] <- "Freq"

cluster_strata_weighted <- svydesign(ids = ~kommune, strata = ~region, weights = ~w,
                                     nest = TRUE, data = d)
cluster_strata_fpc <- svydesign(ids = ~kommune, strata = ~region, weights = ~w, fpc = ~N,
                                nest = TRUE, data = d)
designs <- list(
  # Municipalities alone (no strata), by their country-wide number.
  cluster = suppressWarnings(svydesign(ids = ~kommunenr, data = d)),
  cluster_strata_weighted = cluster_strata_weighted,
  cluster_strata_fpc = cluster_strata_fpc,
  # No weights: R takes them from the fpc, N_h / n_h (population / sampled primary units).
  cluster_strata_fpc_unweighted = svydesign(ids = ~kommune, strata = ~region, fpc = ~N,
                                            nest = TRUE, data = d),
  # One respondent per primary unit, fpc = the population count of units in the stratum.
  strata_fpc = svydesign(ids = ~1, strata = ~region, weights = ~w, fpc = ~N_units, data = d),
  cluster_fpc_poststrat = postStratify(cluster_strata_fpc, ~size, pop_freq),
  cluster_rake = rake(cluster_strata_weighted, list(~size, ~sektor),
                      list(margin("size"), margin("sektor")),
                      control = list(maxit = 100, epsilon = 1e-10))
)

# ---- 3. Means, shares and design degrees of freedom ------------------------------------------
rows <- list()
add <- function(scenario, var, level, group, est, se, deff_wor, deff_wr, n, wn, df) {
  rows[[length(rows) + 1]] <<- data.frame(
    scenario = scenario, var = var, level = level, group = group,
    estimate = num(est), se = num(se), deff = num(deff_wor), deff_replace = num(deff_wr),
    n = n, weighted_n = num(wn), df = df, stringsAsFactors = FALSE)
}
counts <- function(des, var, in_group) {
  ok <- !is.na(des$variables[[var]]) & in_group
  c(sum(ok), sum(weights(des)[ok]))
}
for (scenario in names(designs)) {
  des <- designs[[scenario]]
  for (var in c("score", "innovative", "novelty")) {
    f <- as.formula(paste0("~", var))
    wor <- svymean(f, des, na.rm = TRUE, deff = TRUE)
    wr <- svymean(f, des, na.rm = TRUE, deff = "replace")
    levels <- if (var == "novelty") sub("^novelty", "", names(coef(wor))) else ""
    k <- counts(des, var, TRUE)
    add(scenario, var, levels, "", coef(wor), SE(wor), deff(wor), deff(wr), k[1], k[2], degf(des))
    b_wor <- svyby(f, ~sektor, des, svymean, na.rm = TRUE, deff = TRUE)
    b_wr <- svyby(f, ~sektor, des, svymean, na.rm = TRUE, deff = "replace")
    deff_wr <- as.vector(as.matrix(b_wr[, grep("^DEff", names(b_wr)), drop = FALSE]))
    keys <- names(coef(b_wor))
    group <- sub(":.*$", "", keys)
    level <- if (var == "novelty") sub("^.*:novelty", "", keys) else ""
    k <- sapply(group, function(g) counts(des, var, des$variables$sektor %in% g))
    df <- sapply(group, function(g) degf(des[des$variables$sektor %in% g, ]))
    add(scenario, var, level, paste0("sektor=", group), coef(b_wor), SE(b_wor),
        deff(b_wor), deff_wr, k[1, ], k[2, ], df)
  }
}
write.csv(do.call(rbind, rows), path("cluster_estimates.csv"), row.names = FALSE)

# ---- 4. Intervals for proportions (svyciprop) -----------------------------------------------------
rows <- list()
for (scenario in names(designs)) {
  des <- designs[[scenario]]
  for (var in c("innovative", "rare")) {
    f <- as.formula(paste0("~", var))
    domains <- c(list(list(group = "", des = des)),
                 lapply(sectors, function(g) list(group = paste0("sektor=", g),
                                                  des = des[des$variables$sektor %in% g, ])))
    for (dom in domains) {
      for (method in c("logit", "beta", "mean")) {
        ci <- svyciprop(f, dom$des, method = method, na.rm = TRUE)
        rows[[length(rows) + 1]] <- data.frame(
          scenario = scenario, var = var, group = dom$group, method = method,
          estimate = num(coef(ci)), se = num(SE(ci)), ci_low = num(attr(ci, "ci")[1]),
          ci_high = num(attr(ci, "ci")[2]), df = degf(dom$des), rows = nrow(dom$des),
          stringsAsFactors = FALSE)
      }
    }
  }
}
write.csv(do.call(rbind, rows), path("cluster_ciprop.csv"), row.names = FALSE)

# ---- 5. Contrasts between domains -----------------------------------------------------------------
# svycontrast on svyby(..., covmat = TRUE). Units without a value are dropped by subsetting the
# design (which keeps them in the variance as domain estimation does): survey 4.1.1's svyby
# cannot combine covmat = TRUE with na.rm = TRUE, nor covmat = TRUE with a calibrated design.
# For calibrated designs the domain means and their covariance come from the saturated model
# svyglm(y ~ sektor - 1) instead, whose coefficients are the domain means and whose influence
# functions are svymean's; on the other designs both are computed and must agree.
rows <- list()
pairs <- list(c("Kultur", "Helse"), c("Oppvekst", "Teknisk"), c("Teknisk", "Kultur"))
for (scenario in names(designs)) {
  des <- designs[[scenario]]
  for (var in c("innovative", "score")) {
    glm <- svyglm(as.formula(paste0(var, " ~ sektor - 1")), des)
    names(glm$coefficients) <- sub("^sektor", "", names(coef(glm)))
    by_glm <- list(coef = coef(glm), vcov = vcov(glm))
    dimnames(by_glm$vcov) <- list(names(coef(glm)), names(coef(glm)))
    b <- NULL
    if (!survey:::is.calibrated(des)) {
      complete <- des[!is.na(des$variables[[var]]), ]
      b <- svyby(as.formula(paste0("~", var)), ~sektor, complete, svymean, covmat = TRUE)
      stopifnot(max(abs(coef(b) - by_glm$coef[names(coef(b))])) < 1e-12,
                max(abs(vcov(b) / by_glm$vcov[names(coef(b)), names(coef(b))] - 1)) < 1e-9)
    }
    for (p in pairs) {
      weights_ab <- setNames(c(1, -1), p)
      if (is.null(b)) {
        est <- sum(by_glm$coef[p] * weights_ab)
        se <- sqrt(drop(t(weights_ab) %*% by_glm$vcov[p, p] %*% weights_ab))
      } else {
        con <- svycontrast(b, weights_ab)
        est <- coef(con)
        se <- SE(con)
      }
      z <- est / se
      rows[[length(rows) + 1]] <- data.frame(
        scenario = scenario, var = var, by = "sektor", first = p[1], second = p[2],
        estimate = num(est), se = num(se), ci_low = num(est - qnorm(0.975) * se),
        ci_high = num(est + qnorm(0.975) * se), p_value = num(2 * pnorm(-abs(z))),
        stringsAsFactors = FALSE)
    }
  }
}
write.csv(do.call(rbind, rows), path("cluster_contrasts.csv"), row.names = FALSE)

# ---- 6. Rao-Scott test of association --------------------------------------------------------------
rows <- list()
for (scenario in names(designs)) {
  des <- designs[[scenario]]
  for (var in c("innovative", "rare", "novelty", "size")) {
    test <- svychisq(as.formula(paste0("~", var, " + sektor")), des)
    pearson <- suppressWarnings(chisq.test(
      svytable(as.formula(paste0("~", var, " + sektor")), des, Ntotal = nrow(des$variables)),
      correct = FALSE))
    rows[[length(rows) + 1]] <- data.frame(
      scenario = scenario, var = var, by = "sektor",
      f = num(test$statistic), ndf = num(test$parameter["ndf"]),
      ddf = num(test$parameter["ddf"]), p_value = num(test$p.value),
      chisq = num(pearson$statistic), stringsAsFactors = FALSE)
  }
}
write.csv(do.call(rbind, rows), path("cluster_chisq.csv"), row.names = FALSE)

w <- data.frame(id = d$id)
for (scenario in names(designs)) w[[scenario]] <- num(weights(designs[[scenario]]))
write.csv(w, path("cluster_weights.csv"), row.names = FALSE)

writeLines(c(R.version.string, paste("survey", packageVersion("survey"))),
           path("cluster_r_session.txt"))
