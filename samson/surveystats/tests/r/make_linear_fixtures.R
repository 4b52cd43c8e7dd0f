# Reference results from R's `survey` package for linear (GREG) calibration:
# calibrate(design, ~size + sektor, population = totals, calfun = "linear").
#
# Run from the repository root, after make_cluster_fixtures.R (whose sample it reuses):
#   Rscript samson/surveystats/tests/r/make_linear_fixtures.R
#
# It reads, from samson/surveystats/tests/fixtures/, cluster_sample.csv (respondents in
# municipalities within regions) and cluster_pop_margins.csv (margins of size and sektor), and
# writes there:
#   linear_pop_margins.csv   other margins (variable,value,count), far from the sample's own
#                            distribution, so that some calibrated weights are negative
#   linear_estimates.csv     svymean / svyby, with degf of each domain, 17 significant digits
#   linear_contrasts.csv     differences between two sectors' means, with SE and p-value
#   linear_weights.csv       the calibrated weights of every scenario
#   linear_r_session.txt     R and survey versions used

suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")

out <- if (length(commandArgs(TRUE))) commandArgs(TRUE)[1] else "samson/surveystats/tests/fixtures"
path <- function(name) file.path(out, name)
num <- function(x) {
  x <- as.vector(as.matrix(x))
  ifelse(is.finite(x), sprintf("%.17g", x), ifelse(is.na(x), "NA", "Inf"))
}

sizes <- c("small", "medium", "large")
sectors <- c("Kultur", "Helse", "Oppvekst", "Teknisk")
skewed <- rbind(
  data.frame(variable = "size", value = sizes, count = c(3400, 800, 300)),
  data.frame(variable = "sektor", value = sectors, count = c(400, 2300, 1400, 400))
)
write.csv(skewed, path("linear_pop_margins.csv"), row.names = FALSE)

d <- read.csv(path("cluster_sample.csv"), na.strings = "", stringsAsFactors = FALSE,
              colClasses = c(kommunenr = "character"))
margins <- read.csv(path("cluster_pop_margins.csv"), stringsAsFactors = FALSE)
skewed <- read.csv(path("linear_pop_margins.csv"), stringsAsFactors = FALSE)
d$novelty <- factor(d$novelty, levels = c("first", "adapted", "copied"))

# The population totals of the model matrix of ~size + sektor: the intercept (the population
# size) and every category but the first (in R's order) of each variable.
columns <- colnames(model.matrix(~size + sektor, d))
totals <- function(m) {
  counts <- c(setNames(m$count, paste0(m$variable, m$value)))
  total <- sum(m$count[m$variable == "size"])
  stopifnot(total == sum(m$count[m$variable == "sektor"]))
  c(`(Intercept)` = total, counts)[columns]
}

strata_weighted <- svydesign(ids = ~kommune, strata = ~region, weights = ~w, nest = TRUE,
                             data = d)
strata_fpc <- svydesign(ids = ~kommune, strata = ~region, weights = ~w, fpc = ~N, nest = TRUE,
                        data = d)
designs <- list(
  cluster_linear = calibrate(strata_weighted, ~size + sektor, population = totals(margins),
                             calfun = "linear"),
  cluster_fpc_linear_negative = calibrate(strata_fpc, ~size + sektor,
                                          population = totals(skewed), calfun = "linear")
)
stopifnot(all(weights(designs$cluster_linear) > 0),
          sum(weights(designs$cluster_fpc_linear_negative) < 0) > 0)

# ---- Means, shares and design degrees of freedom --------------------------------------------
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
write.csv(do.call(rbind, rows), path("linear_estimates.csv"), row.names = FALSE)

# ---- Contrasts between domains --------------------------------------------------------------
# survey 4.1.1's svyby cannot give the covariance of domain means on a calibrated design
# (covmat = TRUE), and svyglm refuses negative weights. The contrast of two domain means is
# taken instead from svymean of their influence functions: the mean of y in domain A is
# sum(w y 1_A) / sum(w 1_A), whose linearisation R computes when asked for svyratio of
# y 1_A over 1_A; the difference of two ratios comes from svycontrast on the joint svytotal,
# linearised by svycontrast's delta method.
rows <- list()
pairs <- list(c("Kultur", "Helse"), c("Oppvekst", "Teknisk"), c("Teknisk", "Kultur"))
for (scenario in names(designs)) {
  des <- designs[[scenario]]
  for (var in c("innovative", "score")) {
    ok <- !is.na(des$variables[[var]])
    y <- ifelse(ok, des$variables[[var]], 0)
    for (g in sectors) {
      des$variables[[paste0("y_", g)]] <- y * (des$variables$sektor == g)
      des$variables[[paste0("n_", g)]] <- as.numeric(ok & des$variables$sektor == g)
    }
    f <- as.formula(paste("~", paste(c(paste0("y_", sectors), paste0("n_", sectors)),
                                     collapse = " + ")))
    t <- svytotal(f, des)
    for (p in pairs) {
      expr <- parse(text = sprintf("y_%s / n_%s - y_%s / n_%s", p[1], p[1], p[2], p[2]))[[1]]
      con <- svycontrast(t, expr)
      est <- coef(con)
      se <- SE(con)
      z <- est / se
      rows[[length(rows) + 1]] <- data.frame(
        scenario = scenario, var = var, by = "sektor", first = p[1], second = p[2],
        estimate = num(est), se = num(se), ci_low = num(est - qnorm(0.975) * se),
        ci_high = num(est + qnorm(0.975) * se), p_value = num(2 * pnorm(-abs(z))),
        stringsAsFactors = FALSE)
    }
  }
}
write.csv(do.call(rbind, rows), path("linear_contrasts.csv"), row.names = FALSE)

w <- data.frame(id = d$id)
for (scenario in names(designs)) w[[scenario]] <- num(weights(designs[[scenario]]))
write.csv(w, path("linear_weights.csv"), row.names = FALSE)

writeLines(c(R.version.string, paste("survey", packageVersion("survey"))),
           path("linear_r_session.txt"))
