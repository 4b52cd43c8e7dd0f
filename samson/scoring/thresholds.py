"""Every threshold and fixed id the scoring uses, in one place (documented in docs/scoring.md).

Scores run 0-100; on the 5-point agreement scale the points map to 0, 25, 50, 75 and 100, so
50 is "neither agree nor disagree" and 75 is "agree".
"""

from __future__ import annotations

# Ids the format fixes for kind 'samson' (see docs/instrument-format.md).
EQUALITY_VALUE = "likeverd"  # seed: "et likeverdig samarbeid"; research §1.1 equality = quality
DESIGN_FIELD = "design"
PRODUCTION_FIELD = "gjennomforing"
LASTING_FIELD = "evaluering"  # thick co-creation: develop, deliver AND evaluate, lasting
HEARING = "horing"  # "sender nesten ferdige løsninger på høring"
PREPROGRAMMED = "forprogrammert"  # "involverer innbyggerne i forprogrammerte prosesser"
COST_SHIFTING = "kostnadsflytting"  # "flytter oppgaver ... for å spare"

# who3 codes: who defined the challenge / designed the solution / carries it out.
MUNICIPALITY, TOGETHER, CITIZENS = 1, 2, 3

# An anti-pattern warning fires when the parties on average agree with the pattern.
ANTIPATTERN_THRESHOLD = 75.0

# A barrier, driver or participation challenge counts as present above the midpoint.
FACTOR_PRESENT_ABOVE = 50.0

# Thin/thick reading from field scores, used only when the typology items give no answer.
READING_FIELD_THRESHOLD = 60.0

# Thick-reading signals (lasting, in production, addresses power) and maturity floors.
SIGNAL_THRESHOLD = 50.0
MEDVIRKNING_MIN_OVERALL = 40.0
TYNN_MIN_OVERALL = 50.0
TYNN_MIN_EQUALITY = 50.0
TYKK_MIN_OVERALL = 65.0
TYKK_MIN_EACH_VALUE = 50.0
TYKK_MIN_PRODUCTION_FIELD = 50.0
TYKK_MIN_LASTING_FIELD = 50.0

# How many weakest and strongest cells the result highlights.
HIGHLIGHT_CELLS = 3
