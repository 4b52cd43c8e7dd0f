"""Demo content for co-creation projects: a facilitator, a project with three parties, a
finished round with answers from every party and an open round to try joining."""

import random

from django.db import transaction

from samson.accounts.models import Membership, Organisation
from samson.accounts.services import demo_member_ensure
from samson.background.demo import demo_background_load
from samson.fieldwork.models import Fieldwork
from samson.fieldwork.services import round_create_with_mode
from samson.instruments.selectors import instrument_spec
from samson.projects import services as project_services
from samson.projects.models import Party, Project, Round
from samson.responses import services as response_services

Preset = Party.Preset

DEMO_USERNAME = "prosessleder@example.no"
DEMO_PASSWORD = "samson-demo"  # local demo content only; production never runs `samson demo`
DEMO_TITLE = "Eksempel: Nytt aktivitetshus for ungdom"
# Mean agreement (1-5) per party and value: the municipality sees an equal partnership,
# the young people see a process steered by the municipality.
DEMO_PROFILE: dict[str, dict[str, float]] = {
    Preset.MUNICIPALITY: {"likeverd": 4.5, "utveksling": 4.0, "laering": 4.0, "ledelse": 4.2},
    Preset.CITIZENS: {"likeverd": 2.0, "utveksling": 3.0, "laering": 3.8, "ledelse": 2.2},
    Preset.VOLUNTARY: {"likeverd": 3.2, "utveksling": 3.6, "laering": 3.9, "ledelse": 3.0},
}
DEMO_TYPOLOGY: dict[str, dict[str, int]] = {
    Preset.MUNICIPALITY: {"challenge": 2, "solution": 2, "delivery": 2},
    Preset.CITIZENS: {"challenge": 1, "solution": 1, "delivery": 2},
    Preset.VOLUNTARY: {"challenge": 1, "solution": 2, "delivery": 2},
}
DEMO_RESPONDENTS: dict[str, int] = {Preset.MUNICIPALITY: 6, Preset.CITIZENS: 7, Preset.VOLUNTARY: 5}


@transaction.atomic
def demo_project_load() -> bool:
    """Create the demo facilitator and project unless they exist (idempotent)."""
    if Project.objects.filter(title=DEMO_TITLE).exists():
        return False
    organisation = Organisation.objects.filter(municipality_number="4203").first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name="Arendal", kind=Organisation.Kind.MUNICIPALITY
        )
    user = demo_member_ensure(
        username=DEMO_USERNAME,
        password=DEMO_PASSWORD,
        organisation=organisation,
        role=Membership.Role.FACILITATOR,
    )
    project = project_services.project_create(
        owner=user,
        organisation=organisation,
        title=DEMO_TITLE,
        description="Kommunen, ungdommer og frivillige lag planlegger et aktivitetshus sammen.",
        party_presets=[Preset.MUNICIPALITY, Preset.CITIZENS, Preset.VOLUNTARY],
    )
    # Both demo rounds are shown with their join code, so the code must start an answer: the
    # finished one was answered by code, the open one takes the code and invitations.
    first = round_create_with_mode(project=project, label="Oppstart", mode=Fieldwork.Mode.OPEN)
    project_services.round_transition(round=first, to=Round.State.OPEN)
    _demo_answers(first)
    demo_background_load(first)
    project_services.round_transition(round=first, to=Round.State.CLOSED)
    project_services.round_follow_up_publish(
        round=first,
        text="Ungdommene sa at kommunen hadde bestemt for mye på forhånd. Vi har derfor "
        "satt ned en gruppe der ungdommene leder arbeidet med innholdet i huset.",
    )
    second = round_create_with_mode(project=project, label="Underveis", mode=Fieldwork.Mode.BOTH)
    project_services.round_transition(round=second, to=Round.State.OPEN)
    return True


def _demo_answers(round: Round) -> None:
    instrument = instrument_spec(round.instrument_version)
    rng = random.Random(2018)  # fixed: the demo looks the same on every machine
    for party in round.project.parties.all():
        for _respondent in range(DEMO_RESPONDENTS[party.preset]):
            response, _token = response_services.response_start(
                instrument_version=round.instrument_version,
                language="nb",
                round=round,
                party=party,
            )
            answers: dict[str, int | str] = {}
            for item in instrument.items:
                scale = instrument.scale_for(item)
                if scale is None:
                    continue
                if "typology" in item.dimensions:
                    answers[item.id] = DEMO_TYPOLOGY[party.preset][item.dimensions["typology"]]
                elif "value" in item.dimensions and scale.min and scale.max:
                    mean = DEMO_PROFILE[party.preset][item.dimensions["value"]]
                    code = min(scale.max, max(scale.min, round_half(mean + rng.gauss(0, 0.7))))
                    answers[item.id] = scale.max + scale.min - code if item.reverse else code
                else:
                    answers[item.id] = rng.choice(scale.substantive_codes)
            response_services.response_fill(
                response=response, instrument=instrument, answers=answers
            )


def round_half(value: float) -> int:
    return int(value + 0.5)
