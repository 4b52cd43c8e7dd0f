"""Factories for users, organisations, projects, parties and rounds, shared by the apps' tests.

`RoundFactory` pins the newest stored version of the project's instrument, so a test that
builds rounds needs the `instruments` fixture (samson/conftest.py).
"""

from collections.abc import Sequence
from typing import Any

from factory.declarations import LazyAttribute, LazyFunction, SubFactory
from factory.declarations import Sequence as FactorySequence
from factory.django import DjangoModelFactory
from factory.helpers import post_generation

from samson.accounts.models import Membership, Organisation, User
from samson.accounts.tests.factories import OrganisationFactory, UserFactory
from samson.instruments.selectors import instrument_version_get
from samson.projects import services
from samson.projects.codes import join_code_new
from samson.projects.models import Party, Project, ProjectFacilitator, Round


class ProjectFactory(DjangoModelFactory[Project]):
    """A project without parties. Pass `owner=user` to make that user its facilitator."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    organisation = SubFactory(OrganisationFactory)
    title = FactorySequence(lambda n: f"Prosjekt {n}")
    description = ""
    instrument_key = "samson"
    min_group_size = 5

    @post_generation
    def owner(obj: Project, create: bool, extracted: User | None, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted is not None:
            ProjectFacilitator.objects.create(
                project=obj, user=extracted, role=ProjectFacilitator.Role.OWNER
            )


class ProjectFacilitatorFactory(DjangoModelFactory[ProjectFacilitator]):
    class Meta:
        model = ProjectFacilitator

    project = SubFactory(ProjectFactory)
    user = SubFactory(UserFactory)
    role = ProjectFacilitator.Role.CO


class PartyFactory(DjangoModelFactory[Party]):
    class Meta:
        model = Party

    project = SubFactory(ProjectFactory)
    name = FactorySequence(lambda n: f"Part {n}")
    preset = ""
    position = FactorySequence(lambda n: n)


class RoundFactory(DjangoModelFactory[Round]):
    """A draft round pinned to the newest version of its project's instrument."""

    class Meta:
        model = Round

    project = SubFactory(ProjectFactory)
    label = "Oppstart"
    instrument_version = LazyAttribute(
        lambda round: instrument_version_get(key=round.project.instrument_key)
    )
    state = Round.State.DRAFT
    join_code = LazyFunction(join_code_new)


def facilitator(organisation: Organisation) -> User:
    """A new user with the facilitator role in `organisation`."""
    user = UserFactory.create()
    Membership.objects.create(
        user=user, organisation=organisation, role=Membership.Role.FACILITATOR
    )
    return user


def project_with_parties(
    owner: User,
    organisation: Organisation,
    *,
    presets: Sequence[str] = ("kommunen", "innbyggere"),
    **kwargs: Any,
) -> Project:
    """A project made the way the create page makes it: through `services.project_create`."""
    return services.project_create(
        owner=owner,
        organisation=organisation,
        title=kwargs.pop("title", "Nytt aktivitetshus"),
        party_presets=presets,
        **kwargs,
    )
