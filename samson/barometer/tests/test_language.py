"""The barometer speaks the page's language: the labels of codes in its forms, and why an
edition is unweighted (never an English code or sentence)."""

from __future__ import annotations

import pytest
from django.utils import translation

from samson.barometer import estimates, forms, presenters
from samson.surveystats import make_design

DESIGN = make_design(2)


def _why(problem: str | None, detail: str = "", *, weighted: bool = False) -> str:
    return str(
        presenters.weighting_problem(estimates.Weighting(DESIGN, weighted, (), problem, detail))
    )


@pytest.mark.parametrize(
    ("lang", "mixed", "column", "cells"),
    [
        (
            "nb",
            "Populasjonsrammen kunne ikke brukes: cellene bruker ikke de samme variablene.",
            "Populasjonsrammen kunne ikke brukes: dataene har ingen kolonne <code>landsdel</code>.",
            "Populasjonsrammen kunne ikke brukes: noen enheter mangler verdi for rammens "
            "variabler, eller hører til en celle rammen ikke teller.",
        ),
        (
            "nn",
            "Populasjonsramma kunne ikkje brukast: cellene bruker ikkje dei same variablane.",
            "Populasjonsramma kunne ikkje brukast: dataa har ingen kolonne <code>landsdel</code>.",
            "Populasjonsramma kunne ikkje brukast: nokre einingar manglar verdi for variablane i "
            "ramma, eller høyrer til ei celle ramma ikkje tel.",
        ),
        (
            "en",
            "The population frame could not be used: its cells do not all use the same variables.",
            "The population frame could not be used: the data have no column "
            "<code>landsdel</code>.",
            "The population frame could not be used: some respondents have no value for one of "
            "its variables, or fall in a cell the frame does not count.",
        ),
    ],
)
def test_each_reason_in_each_language(lang: str, mixed: str, column: str, cells: str) -> None:
    with translation.override(lang):
        assert _why("mixed_cells") == mixed
        assert _why("missing_column", "landsdel") == column
        # The statistics' own message (English, with codes) stays out of the page.
        assert _why("cells", "unit 2001 has no value of enhetstype") == cells


def test_nothing_to_say_when_weighted_or_without_a_frame() -> None:
    assert _why(None) == ""
    assert _why(None, weighted=True) == ""


def test_the_frame_problem_is_said_beside_imported_base_weights() -> None:
    """Weighted by imported base weights only (no frame variables): the frame's problem is
    still said, so the analyst knows why it was not used."""
    with translation.override("en"):
        assert _why("mixed_cells", weighted=True) == (
            "The population frame could not be used: its cells do not all use the same variables."
        )


def test_a_column_name_is_escaped() -> None:
    with translation.override("en"):
        assert _why("missing_column", "<b>x</b>").endswith("<code>&lt;b&gt;x&lt;/b&gt;</code>.")


@pytest.mark.parametrize(
    ("lang", "sector", "region", "unit", "size"),
    [
        ("nb", "Helse og omsorg", "Oslo og Viken", "Sykehjem", "50 000 og over"),
        ("nn", "Helse og omsorg", "Oslo og Viken", "Sjukeheim", "50 000 og over"),
        ("en", "Health and care", "Oslo and Viken", "Nursing home", "50,000 and over"),
    ],
)
def test_form_choices_are_labelled_in_the_language_of_the_request(
    lang: str, sector: str, region: str, unit: str, size: str
) -> None:
    with translation.override(lang):
        fields = forms.InvitationForm().fields
        assert dict(fields["sektor"].choices)[1] == sector  # type: ignore[attr-defined]
        assert dict(fields["landsdel"].choices)[1] == region  # type: ignore[attr-defined]
        assert dict(fields["enhetstype"].choices)[11] == unit  # type: ignore[attr-defined]
        assert dict(fields["storrelse"].choices)[5] == size  # type: ignore[attr-defined]
