# R's survey package on the barometer benchmark data: the reference for bench/estimates/run.py.
#   Rscript bench/estimates/estimates.R DATA.csv POPULATION.csv VARS BYS OUT.csv
# VARS and BYS are comma-separated column names. Prints the elapsed and the CPU (user + system)
# seconds of the estimation (design, post-stratification and every svyby), not of reading files.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
pop <- read.csv(args[2])
vars <- strsplit(args[3], ",")[[1]]
bys <- strsplit(args[4], ",")[[1]]
names(pop)[names(pop) == "count"] <- "Freq"
timing <- system.time({
  des <- svydesign(ids = ~1, weights = ~vekt, data = d)
  des <- postStratify(des, ~enhetstype + landsdel, pop)
  rows <- list()
  for (by in bys) {
    for (v in vars) {
      r <- tryCatch(
        svyby(as.formula(paste0("~", v)), as.formula(paste0("~", by)), des, svymean,
              na.rm = TRUE),
        error = function(e) stop(sprintf("svyby(~%s, ~%s): %s", v, by, conditionMessage(e)))
      )
      rows[[length(rows) + 1]] <- data.frame(var = v, by = by, level = r[[by]],
                                             estimate = coef(r), se = SE(r))
    }
  }
})
out <- do.call(rbind, rows)
out$estimate <- sprintf("%.17g", out$estimate)
out$se <- sprintf("%.17g", out$se)
write.csv(out, args[5], row.names = FALSE, quote = FALSE)
cat(sprintf("%.3f %.3f\n", timing[["elapsed"]], timing[["user.self"]] + timing[["sys.self"]]))
