"""Results of groups of respondents: which groups may be shown, where they disagree, and what
changed between rounds. Pure Python: no Django (see docs/anonymity.md)."""

from samson.groupscores.compare import (
    ALL,
    Change,
    DimensionChange,
    GroupChange,
    RoundComparison,
    compare_rounds,
    respondent_score,
    welch,
)
from samson.groupscores.disagreement import (
    LARGE,
    NOTABLE,
    Level,
    PartyChoice,
    Spot,
    TypologyQuestion,
    TypologySpot,
    disagreements,
    level_of,
    round1,
    typology_by_party,
    typology_disagreements,
)
from samson.groupscores.groups import (
    Group,
    GroupScores,
    Respondent,
    group_scores,
    group_scores_from_tallies,
    party_order,
)
from samson.groupscores.suppression import CountStatus, Suppression, shown_groups
from samson.groupscores.tdist import betainc, t_quantile, t_two_sided_p

__all__ = [
    "ALL",
    "LARGE",
    "NOTABLE",
    "Change",
    "CountStatus",
    "DimensionChange",
    "Group",
    "GroupChange",
    "GroupScores",
    "Level",
    "PartyChoice",
    "Respondent",
    "RoundComparison",
    "Spot",
    "Suppression",
    "TypologyQuestion",
    "TypologySpot",
    "betainc",
    "compare_rounds",
    "disagreements",
    "group_scores",
    "group_scores_from_tallies",
    "level_of",
    "party_order",
    "respondent_score",
    "round1",
    "shown_groups",
    "t_quantile",
    "t_two_sided_p",
    "typology_by_party",
    "typology_disagreements",
    "welch",
]
