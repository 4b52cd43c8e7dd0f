"""Demo content: one finished quick assessment whose result the home page links to."""

from django.conf import settings
from django.db import transaction

from samson.instrument_spec import Instrument
from samson.instruments.selectors import instrument_spec, instrument_version_get

from . import services
from .models import Response
from .selectors import DEMO_TOKEN, demo_response, response_answers

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
    """Publish the example result unless it is there unchanged. Returns whether it was made.

    Unchanged means: finished, with these answers, on the newest version of the instrument; an
    example on an older version (a new version was imported since) is published again on the
    newest, under the same link.

    The example is published read-only (samson.responses.services.response_example_publish),
    so no visitor can change it or make a project of it. One found under the example's token
    that is not the published example with exactly these answers (made before examples were
    read-only, and perhaps changed by a visitor) is replaced.
    """
    version = instrument_version_get(key=settings.SAMSON_SOLO_INSTRUMENT)
    instrument = instrument_spec(version)
    answers = demo_answers(instrument)
    found = demo_response()
    if found is not None:
        if (
            found.purpose == Response.Purpose.EXAMPLE
            and found.completed_at is not None
            and found.instrument_version_id == version.pk
            and response_answers(found) == answers
        ):
            return False
        # A project's answer under the public token (taken over before this fix) keeps its
        # place in the project; migration 0004 gave it a token nobody knows, so it is not here.
        services.response_example_withdraw(response=found)
    response, _token = services.response_start(
        instrument_version=version, language=settings.LANGUAGE_CODE, token=DEMO_TOKEN
    )
    services.response_fill(response=response, instrument=instrument, answers=answers)
    services.response_example_publish(response=response)
    return True
