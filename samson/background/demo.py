"""Background answers for `samson demo`, so that a fresh `make run` shows the comparison."""

from pathlib import Path

from samson.projects.models import Round

from .models import Area
from .services import background_answer_save, background_settings_save, population_import

DEMO_POPULATION = Path(__file__).resolve().parent / "data" / "07459-arendal-2024.json"
# Arendal's 38 687 inhabitants aged 15 or over in the demo table, split into three made-up parts.
DEMO_AREAS: list[tuple[str, int | None]] = [("Sentrum", 14000), ("Nord", 12000), ("Sør", 12687)]
# (age band, gender, part) of each demo respondent in the order they answer: the municipality's
# staff, then the young people, then the volunteers. "" is "did not want to answer".
DEMO_BACKGROUND = [
    ("40-54", "female", "Sentrum"),
    ("25-39", "female", "Sentrum"),
    ("40-54", "male", "Nord"),
    ("55-69", "female", "Sentrum"),
    ("40-54", "male", ""),
    ("25-39", "female", "Sentrum"),
    ("15-24", "female", "Nord"),
    ("15-24", "male", "Nord"),
    ("15-24", "female", "Sentrum"),
    ("15-24", "", "Sentrum"),
    ("15-24", "male", "Nord"),
    ("15-24", "female", "Sentrum"),
    ("15-24", "male", "Sør"),
    ("55-69", "female", "Sør"),
    ("40-54", "male", "Sentrum"),
    ("", "female", "Nord"),
    ("40-54", "male", "Sør"),
    ("25-39", "", ""),
]


def demo_background_load(round: Round) -> None:
    """Import the bundled population table, ask all three questions in the round's project
    and give its responses (while the round is open) the answers above."""
    population_import(data=DEMO_POPULATION.read_bytes(), name=DEMO_POPULATION.name)
    background_settings_save(
        project=round.project, ask_age=True, ask_gender=True, ask_area=True, areas=DEMO_AREAS
    )
    areas = {area.name: area for area in Area.objects.filter(project=round.project)}
    responses = round.responses.order_by("pk")
    for response, (age_band, gender, area) in zip(responses, DEMO_BACKGROUND, strict=False):
        background_answer_save(
            response=response, age_band=age_band, gender=gender, area=areas.get(area)
        )
