"""What the participants' pages show, as frozen dataclasses (view models) the templates read
by attribute."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ThanksRound:
    """The round on a kept thanks page: only its join code, for the link to the project page."""

    join_code: str


@dataclass(frozen=True)
class ThanksProject:
    """The project on a kept thanks page: only its title."""

    title: str
