"""Factories for users, organisations and memberships, shared by every app's tests."""

from factory.declarations import SelfAttribute, SubFactory
from factory.declarations import Sequence as FactorySequence
from factory.django import DjangoModelFactory, Password

from samson.accounts.models import Membership, Organisation, User


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = FactorySequence(lambda n: f"user{n}@example.no")
    email = SelfAttribute("username")
    password = Password("passord-123")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = FactorySequence(lambda n: f"Kommune {n}")
    kind = Organisation.Kind.MUNICIPALITY


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = SubFactory(UserFactory)
    organisation = SubFactory(OrganisationFactory)
    role = Membership.Role.FACILITATOR
