"""A report prints the blocks of its page from the page's own partials, so the two cannot drift.

Each report (solo result, round, comparison, barometer edition) and the page it prints name the
same partials; rendered, a shared block says the same in both, but for what `plain` leaves out
of the report (links to the knowledge pages, cards, folding).
"""

from __future__ import annotations

import re

import pytest
from django.template.loader import get_template
from django.urls import reverse

from samson.projects import services
from samson.testing.barometer import analyst_of
from samson.testing.html import table, visible_text
from samson.testing.rounds import answer, grid_answers, parties_of, spec

from .conftest import round_url
from .test_reports import solo  # noqa: F401  (the fixture of a finished solo assessment)

SOLO = ("responses/result.html", "reports/solo.html")
ROUND = ("results/round.html", "reports/round.html")
COMPARISON = ("results/compare.html", "reports/comparison.html")
SHARED = [
    ("responses/includes/profile_summary.html", SOLO),
    ("responses/includes/heatmap_section.html", SOLO),
    ("responses/includes/typology_type.html", SOLO),
    ("responses/includes/warnings.html", SOLO),
    ("responses/includes/work_on.html", SOLO),
    ("results/includes/disagreements.html", ROUND),
    ("results/includes/total_section.html", ROUND),
    ("results/includes/party_sections.html", ROUND),
    ("results/includes/counts_section.html", ROUND),
    ("results/includes/comparison_tables.html", COMPARISON),
]
# The estimates page's indicator blocks are built from the same two partials as the report's.
BAROMETER = ["barometer/_weighting.html", "barometer/_indicator.html"]


def _source(name: str) -> str:
    source = get_template(name).template.source  # type: ignore[attr-defined]
    assert isinstance(source, str)
    return source


def _includes(name: str) -> list[str]:
    return re.findall(r'\{%\s*include\s+"([^"]+)"', _source(name))


@pytest.mark.parametrize(
    ("partial", "templates"), [pytest.param(p, t, id=p.rsplit("/", 1)[-1]) for p, t in SHARED]
)
def test_the_page_and_its_report_include_the_same_partial(
    partial: str, templates: tuple[str, str]
) -> None:
    page, report = templates
    assert partial in _includes(page)
    assert partial in _includes(report)


@pytest.mark.parametrize("partial", BAROMETER)
def test_the_edition_report_includes_the_barometer_partials(partial: str) -> None:
    assert partial in _includes("reports/barometer.html")
    assert partial in _includes("barometer/estimates.html")
    assert "barometer/_estimate_table.html" in _includes("barometer/_indicator.html")


def _section(html: str, heading_id: str) -> str:
    """The `<section>` labelled by `heading_id`, without links to the knowledge pages."""
    found = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert found, heading_id
    return re.sub(r'<a class="ds-link samson-knowledge-link"[^>]*>.*?</a>', "", found.group(0))


@pytest.mark.slow  # the solo fixture answers the whole short instrument
def test_the_solo_report_says_what_the_result_page_says(client, solo) -> None:  # noqa: F811
    page = client.get(reverse("responses:result", kwargs={"token": solo})).content.decode()
    html = client.get(reverse("solo_reports:report", kwargs={"token": solo})).content.decode()
    for heading in ("maturity-heading", "heatmap-heading", "warnings-heading", "weak-heading"):
        assert visible_text(_section(html, heading)) == visible_text(_section(page, heading))
    # The report prints the cells plainly, the page as cards with links to the knowledge pages.
    assert "samson-cell-card" in _section(page, "weak-heading")
    assert "samson-knowledge-link" in page
    assert "samson-cell-card" not in html and "samson-knowledge-link" not in html


def test_the_round_report_says_what_the_results_page_says(client, world, four_parties) -> None:
    client.force_login(world["owner_a"])
    page = client.get(round_url("results:round", four_parties)).content.decode()
    html = client.get(round_url("reports:round", four_parties)).content.decode()
    for heading in ("total-heading", "typology-heading"):
        assert visible_text(_section(html, heading)) == visible_text(_section(page, heading))
    # The counts are the same table; only the page links to the workshop view.
    workshop = round_url("results:workshop", four_parties)
    assert table(_section(html, "counts-heading"), "Ferdige svar per part") == table(
        _section(page, "counts-heading"), "Ferdige svar per part"
    )
    assert workshop in _section(page, "counts-heading")
    assert workshop not in html
    # Each party's heat map: folded away on the page, under its own heading in the report.
    parties = _section(html, "parties-heading")
    assert "<details" in _section(page, "parties-heading") and "<details" not in parties
    assert re.findall(r'<h3 class="ds-heading" data-size="xs">([^<]+)</h3>', parties) == [
        "Kommunen",
        "Innbyggere og brukere",
    ]


def test_the_comparison_report_says_what_the_comparison_page_says(
    client, world, four_parties
) -> None:
    later = services.round_create(project=four_parties.project, label="Underveis")
    answer(later, parties_of(later)["kommunen"], grid_answers(spec(later), {"likeverd": 4}), 6)
    client.force_login(world["owner_a"])
    project = four_parties.project_id
    query = f"?a={four_parties.pk}&b={later.pk}"
    page = client.get(reverse("results:compare", kwargs={"project_pk": project}) + query)
    html = client.get(reverse("reports:comparison", kwargs={"project_pk": project}) + query)
    page_section = _section(page.content.decode(), "comparison-heading")
    report_section = _section(html.content.decode(), "comparison-heading")
    assert "Her teller hver deltaker én gang" in page_section
    assert "Rapport om denne sammenligningen (PDF)" in page_section
    # Without its heading (the page names the rounds, the report says "Compare rounds"), the
    # report's section is the page's without the note on pooled scores and the report links.
    page_only = [
        r"<h2 .*?</h2>",
        r'<p class="ds-paragraph samson-compare-note">.*?</p>',
        r'<ul class="samson-result-links">.*?</ul>',
    ]
    for pattern in page_only:
        page_section = re.sub(pattern, "", page_section, count=1, flags=re.S)
    report_section = re.sub(page_only[0], "", report_section, count=1, flags=re.S)
    assert visible_text(report_section) == visible_text(page_section)
    assert "Samlet skår 51,0 56,3 +5,3 0,0 til +10,5" in visible_text(report_section)


def test_the_edition_report_prints_the_estimates_pages_tables(client, edition) -> None:
    client.force_login(analyst_of(edition))
    query = "?etter=enhetstype"
    page = client.get(reverse("barometer:estimates", kwargs={"pk": edition.pk}) + query)
    html = client.get(reverse("barometer_reports:report", kwargs={"pk": edition.pk}) + query)
    caption = "Innovativ enhet (minst én type innovasjon)"
    assert table(html.content.decode(), caption) == table(page.content.decode(), caption)
    assert table(html.content.decode(), caption)[0][0] == "Enhetstype"
