"""Factories for users, organisations and projects, shared by the apps' tests."""

from typing import cast

import factory

from samson.accounts.models import Membership, Organisation, User
from samson.projects import services
from samson.projects.models import Project


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}@example.no")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("passord-123")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommune {n}")
    kind = Organisation.Kind.MUNICIPALITY


def facilitator(organisation: Organisation) -> User:
    user = cast(User, UserFactory())
    Membership.objects.create(
        user=user, organisation=organisation, role=Membership.Role.FACILITATOR
    )
    return user


def project_with_parties(
    owner: User, organisation: Organisation, *, presets=("kommunen", "innbyggere"), **kwargs
) -> Project:
    return services.project_create(
        owner=owner,
        organisation=organisation,
        title=kwargs.pop("title", "Nytt aktivitetshus"),
        party_presets=presets,
        **kwargs,
    )
