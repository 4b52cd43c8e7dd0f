# Reference results from R's `survey` package for samson.surveystats.
#
# Run from the repository root:
#   Rscript samson/surveystats/tests/r/make_fixtures.R
#
# It writes, to samson/surveystats/tests/fixtures/:
#   sample.csv             synthetic respondents (one per primary unit), made here with set.seed
#   pop_size.csv           population counts by size (post-stratification on one variable)
#   pop_size_landsdel.csv  population counts by size x landsdel (two crossed variables)
#   pop_margins.csv        population margins for raking, long format: variable,value,count
#   estimates.csv          svymean / svyby results for every scenario, 17 significant digits
#   weights.csv            the final weights of every scenario, 17 significant digits
#   r_session.txt          R and survey versions used
# The data are re-read from the CSV files before any estimation, so the numbers R uses are
# exactly the numbers the Python tests read.

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
set.seed(20240611)
n <- 240
types <- c("barnehage", "skole", "helse", "teknisk", "admin")
regions <- c("nord", "midt", "vest", "sor", "ost")
sizes <- c("small", "medium", "large")
d <- data.frame(
  id = seq_len(n),
  sector = sample(c("kommune", "fylke"), n, replace = TRUE, prob = c(0.8, 0.2)),
  unit_type = sample(types, n, replace = TRUE, prob = c(0.25, 0.3, 0.2, 0.15, 0.1)),
  landsdel = sample(regions, n, replace = TRUE, prob = c(0.1, 0.15, 0.25, 0.15, 0.35)),
  size = sample(sizes, n, replace = TRUE, prob = c(0.4, 0.35, 0.25)),
  stringsAsFactors = FALSE
)
# A small unit type, so that domain estimates include a group below the suppression limit.
d$unit_type[c(7, 77, 177)] <- "annet"
d$w <- round(runif(n, 1, 12), 4)
shift <- c(barnehage = 0.4, skole = 0, helse = -0.3, teknisk = -0.6, admin = 0.2, annet = 0)
d$score <- round(pmin(6, pmax(1, rnorm(n, 3.8 + shift[d$unit_type], 1.1))), 1)
p_innov <- c(nord = 0.55, midt = 0.6, vest = 0.7, sor = 0.65, ost = 0.75)
d$innovative <- rbinom(n, 1, p_innov[d$landsdel])
d$novelty <- sample(c("first", "adapted", "copied"), n, replace = TRUE, prob = c(0.2, 0.5, 0.3))
d$score[sample(n, 19)] <- NA
d$innovative[sample(n, 12)] <- NA
d$novelty[sample(n, 25)] <- NA
write.csv(d, path("sample.csv"), row.names = FALSE, na = "")

pop_size <- data.frame(size = sizes, count = c(1800, 1400, 900))
write.csv(pop_size, path("pop_size.csv"), row.names = FALSE)
pop_cross <- expand.grid(size = sizes, landsdel = regions, stringsAsFactors = FALSE)
pop_cross$count <- c(60, 50, 30, 90, 80, 40, 150, 140, 90, 120, 100, 60, 240, 200, 150)
write.csv(pop_cross, path("pop_size_landsdel.csv"), row.names = FALSE)
pop_margins <- rbind(
  data.frame(variable = "unit_type", value = c(types, "annet"),
             count = c(1200, 1000, 800, 600, 450, 50)),
  data.frame(variable = "landsdel", value = regions, count = c(400, 500, 900, 800, 1500))
)
write.csv(pop_margins, path("pop_margins.csv"), row.names = FALSE)

# ---- 2. Designs ----------------------------------------------------------------------------------
d <- read.csv(path("sample.csv"), na.strings = "", stringsAsFactors = FALSE)
pop_size <- read.csv(path("pop_size.csv"), stringsAsFactors = FALSE)
pop_cross <- read.csv(path("pop_size_landsdel.csv"), stringsAsFactors = FALSE)
pop_margins <- read.csv(path("pop_margins.csv"), stringsAsFactors = FALSE)
stopifnot(all(table(d$size, d$landsdel) > 0))
# A factor with fixed levels, so that a domain lacking a level still reports it (as a 0 share).
d$novelty <- factor(d$novelty, levels = c("first", "adapted", "copied"))

freq <- function(p) { names(p)[names(p) == "count"] <- "Freq"; p }
margin <- function(v) {
  m <- pop_margins[pop_margins$variable == v, c("value", "count")]
  names(m) <- c(v, "Freq")
  m
}

unweighted <- suppressWarnings(svydesign(ids = ~1, data = d))
weighted <- svydesign(ids = ~1, weights = ~w, data = d)
strata_weighted <- svydesign(ids = ~1, strata = ~sector, weights = ~w, data = d)
designs <- list(
  unweighted = unweighted,
  weighted = weighted,
  strata_weighted = strata_weighted,
  poststrat_size = postStratify(unweighted, ~size, freq(pop_size)),
  poststrat_size_landsdel_strata = postStratify(strata_weighted, ~size + landsdel, freq(pop_cross)),
  # Tight convergence: maxit 100, epsilon 1e-10 of the sum of the weights.
  rake_type_landsdel = rake(unweighted, list(~unit_type, ~landsdel),
                            list(margin("unit_type"), margin("landsdel")),
                            control = list(maxit = 100, epsilon = 1e-10)),
  # R's default control (maxit 10, epsilon 1 unit of weight): stops after a few sweeps.
  rake_strata_weighted_default = rake(strata_weighted, list(~unit_type, ~landsdel),
                                      list(margin("unit_type"), margin("landsdel")))
)

# ---- 3. Estimates --------------------------------------------------------------------------------
rows <- list()
add <- function(scenario, var, level, group, est, se, deff_wor, deff_wr, n, wn) {
  rows[[length(rows) + 1]] <<- data.frame(
    scenario = scenario, var = var, level = level, group = group,
    estimate = num(est), se = num(se), deff = num(deff_wor), deff_replace = num(deff_wr),
    n = n, weighted_n = num(wn), stringsAsFactors = FALSE)
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
    levels <- if (var == "novelty") sub("^novelty", "", names(coef(wor))) else rep("", 1)
    k <- counts(des, var, TRUE)
    add(scenario, var, levels, "", coef(wor), SE(wor), deff(wor), deff(wr), k[1], k[2])
    for (by in c("unit_type", "landsdel")) {
      byf <- as.formula(paste0("~", by))
      b_wor <- svyby(f, byf, des, svymean, na.rm = TRUE, deff = TRUE)
      b_wr <- svyby(f, byf, des, svymean, na.rm = TRUE, deff = "replace")
      # deff() refuses svyby objects made with deff = "replace"; read the DEff columns instead.
      deff_wr <- as.vector(as.matrix(b_wr[, grep("^DEff", names(b_wr)), drop = FALSE]))
      keys <- names(coef(b_wor))
      group <- sub(":.*$", "", keys)
      level <- if (var == "novelty") sub("^.*:novelty", "", keys) else ""
      k <- sapply(group, function(g) counts(des, var, des$variables[[by]] %in% g))
      add(scenario, var, level, paste0(by, "=", group), coef(b_wor), SE(b_wor),
          deff(b_wor), deff_wr, k[1, ], k[2, ])
    }
  }
}
write.csv(do.call(rbind, rows), path("estimates.csv"), row.names = FALSE)

w <- data.frame(id = d$id)
for (scenario in names(designs)) w[[scenario]] <- num(weights(designs[[scenario]]))
write.csv(w, path("weights.csv"), row.names = FALSE)

writeLines(c(R.version.string, paste("survey", packageVersion("survey"))), path("r_session.txt"))
