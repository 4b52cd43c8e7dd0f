"""«Medvirkning eller samskaping?»: where a planned process lands (pure, no Django).

Seven answers in, one `Check` out: the step on the ladder (information, hearing,
participation, thin or thick co-creation), the A-D type and 3x3 cell (the same rules as the
scoring, `samson.scoring.typology.quadrant_for`), the anti-patterns it shows, the concrete
signs that a process below co-creation is not co-creation (each with what would change it),
and the legal participation duties if it is a planning case. `python -m
samson.knowledge.guided` prints the full table of combinations that docs/guided-check.md holds
(a test keeps them equal).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from samson.scoring.typology import quadrant_for

# Answer codes per question, in the order the form shows them.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "problem": ("kommune", "sammen", "innbyggere"),  # who defines the problem
    "solution": ("ferdig", "rammer", "apen"),  # how open the solution is
    "decides": ("kommune", "etter_innspill", "sammen"),  # who decides what is done
    "delivers": ("kommune", "sammen", "andre"),  # who carries it out
    "duration": ("engang", "prosjekt", "varig"),  # how long it lasts
    "settled": ("lite", "rammer", "alt"),  # what is already decided
    "planning": ("nei", "kommuneplan", "reguleringsplan"),  # a plan under pbl?
}

LEVELS = ("informasjon", "horing", "medvirkning", "tynn", "tykk")
CO_CREATION = ("tynn", "tykk")
ANTIPATTERNS = ("horing", "forprogrammert", "kostnadsflytting")
# Signs, read off the answers, that a process is not co-creation, in the order shown: first
# the ones that by themselves keep it below co-creation, then the ones that keep it thin.
SIGNS = (
    "municipality_decides",
    "decides_after_input",
    "solution_finished",
    "settled_all",
    "problem_set",
    "delivers_alone",
    "one_off",
)

_WHO = {"kommune": 1, "sammen": 2, "innbyggere": 3, "andre": 3}


@dataclass(frozen=True, slots=True)
class Answers:
    problem: str
    solution: str
    decides: str
    delivers: str
    duration: str
    settled: str
    planning: str = "nei"

    def __post_init__(self) -> None:
        for name, codes in QUESTIONS.items():
            if getattr(self, name) not in codes:
                raise ValueError(f"{name} must be one of {codes}")


@dataclass(frozen=True, slots=True)
class Check:
    level: str  # one of LEVELS
    quadrant: str | None  # A-D, or None with a reason
    quadrant_reason: str | None
    design: int  # 1 municipality/professionals, 2 together, 3 civil society
    production: int
    antipatterns: tuple[str, ...]  # in ANTIPATTERNS order
    duties: tuple[str, ...]  # ids of legal duties, see DUTIES
    signs: tuple[str, ...] = ()  # in SIGNS order; empty for co-creation


def _solution_code(answers: Answers) -> int:
    """Who in effect designs the solution: only an open solution decided jointly, in a process
    not settled in advance, is shared."""
    if answers.solution == "ferdig" or answers.decides != "sammen" or answers.settled == "alt":
        return 1
    return 2


def _level(answers: Answers) -> str:
    if answers.decides == "kommune":
        return "informasjon"
    if answers.decides == "etter_innspill":
        return "horing" if answers.solution == "ferdig" else "medvirkning"
    if answers.solution == "ferdig" or answers.settled == "alt":
        return "medvirkning"
    if answers.delivers == "sammen" and answers.duration == "varig":
        return "tykk"
    return "tynn"


def _antipatterns(answers: Answers, design: int) -> tuple[str, ...]:
    asks = answers.decides != "kommune"  # information does not pretend to involve anyone
    fired = {
        "horing": asks and answers.solution == "ferdig",
        "forprogrammert": asks and answers.settled == "alt",
        "kostnadsflytting": answers.problem == "kommune"
        and design == 1
        and answers.delivers == "andre",
    }
    return tuple(pattern for pattern in ANTIPATTERNS if fired[pattern])


def _signs(answers: Answers, level: str) -> tuple[str, ...]:
    """The concrete signs that a process below co-creation is not co-creation."""
    if level in CO_CREATION:
        return ()
    present = {
        "municipality_decides": answers.decides == "kommune",
        "decides_after_input": answers.decides == "etter_innspill",
        "solution_finished": answers.solution == "ferdig",
        "settled_all": answers.settled == "alt",
        "problem_set": answers.problem == "kommune",
        "delivers_alone": answers.delivers == "kommune",
        "one_off": answers.duration == "engang",
    }
    return tuple(sign for sign in SIGNS if present[sign])


DUTIES_ALWAYS = ("kl-5-12",)
DUTIES_PLANNING = {
    "nei": (),
    "kommuneplan": ("pbl-5-1", "pbl-3-3", "pbl-4-1", "pbl-11-12", "pbl-5-2"),
    "reguleringsplan": ("pbl-5-1", "pbl-3-3", "pbl-4-1-stor", "pbl-12-8", "pbl-5-2"),
}


def classify(answers: Answers) -> Check:
    """Where the planned process lands; every combination is listed in docs/guided-check.md."""
    challenge = _WHO[answers.problem]
    design = _solution_code(answers)
    production = _WHO[answers.delivers]
    quadrant, reason = quadrant_for(challenge, design, production)
    level = _level(answers)
    return Check(
        level=level,
        quadrant=quadrant,
        quadrant_reason=reason,
        design=design,
        production=production,
        antipatterns=_antipatterns(answers, design),
        duties=DUTIES_ALWAYS + DUTIES_PLANNING[answers.planning],
        signs=_signs(answers, level),
    )


def all_answers() -> list[Answers]:
    """Every combination of the six process questions (planning left at "nei")."""
    names = [name for name in QUESTIONS if name != "planning"]
    return [
        Answers(**dict(zip(names, combo, strict=True)))
        for combo in itertools.product(*(QUESTIONS[name] for name in names))
    ]


def table_markdown() -> str:
    """The generated part of docs/guided-check.md."""
    lines = [
        "| problem | solution | decides | delivers | duration | settled | level | type "
        "| cell (design-production) | anti-patterns |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for answers in all_answers():
        check = classify(answers)
        lines.append(
            f"| {answers.problem} | {answers.solution} | {answers.decides} | "
            f"{answers.delivers} | {answers.duration} | {answers.settled} | {check.level} | "
            f"{check.quadrant or '– (' + str(check.quadrant_reason) + ')'} | "
            f"{check.design}-{check.production} | {', '.join(check.antipatterns) or '–'} |"
        )
    lines.append("")
    lines.append("| planning | legal duties |")
    lines.append("|---|---|")
    for planning in QUESTIONS["planning"]:
        duties = DUTIES_ALWAYS + DUTIES_PLANNING[planning]
        lines.append(f"| {planning} | {', '.join(duties)} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    print(table_markdown(), end="")
