"""Demo content: one finished quick assessment whose result the home page links to."""

from django.conf import settings
from django.db import transaction

from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec, instrument_version_get

from . import services
from .selectors import DEMO_TOKEN, response_by_token

# A typical project from the research, where most cases were at a low maturity level: the
# municipality defined the challenge and the solution, the parties carry it out together;
# equality is weak, learning is strong. Codes on the 1–5 agreement scale per value and field
# (9 = don't know).
DEMO_GRID = {
    "likeverd": {"problem": 2, "design": 3, "gjennomforing": 2, "evaluering": 9},
    "utveksling": {"problem": 3, "design": 4, "gjennomforing": 3, "evaluering": 3},
    "laering": {"problem": 4, "design": 5, "gjennomforing": 4, "evaluering": 4},
    "ledelse": {"problem": 2, "design": 3, "gjennomforing": 2, "evaluering": 2},
}
DEMO_TYPOLOGY = {"challenge": 1, "solution": 1, "delivery": 2}


def demo_answers(instrument: Instrument) -> dict[str, int]:
    answers: dict[str, int] = {}
    for item in instrument.items:
        dims = item.dimensions
        if "value" in dims and "field" in dims:
            code = DEMO_GRID[dims["value"]][dims["field"]]
            scale = instrument.scale_for(item)
            assert scale is not None and scale.min is not None and scale.max is not None
            reversed_code = scale.max + scale.min - code
            answers[item.id] = reversed_code if item.reverse and code != 9 else code
        elif "typology" in dims:
            answers[item.id] = DEMO_TYPOLOGY[dims["typology"]]
    return answers


@transaction.atomic
def demo_load() -> bool:
    """Create the demo result unless it exists. Returns whether anything was created."""
    if response_by_token(DEMO_TOKEN) is not None:
        return False
    version = instrument_version_get(key=settings.SAMSON_SOLO_INSTRUMENT)
    instrument = instrument_spec(version)
    response, _token = services.response_start(
        instrument_version=version, language=settings.LANGUAGE_CODE, token=DEMO_TOKEN
    )
    answers = demo_answers(instrument)
    for number, page in enumerate(instrument.pages, start=1):
        services.response_page_save(
            response=response,
            instrument=instrument,
            page_number=number,
            answers={item.id: answers.get(item.id) for item in page.items},
            resume_page=number,
        )
    services.response_complete(response=response)
    return True
