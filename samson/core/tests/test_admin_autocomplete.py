"""A wrong id in an admin autocomplete field is a form error, never a server error (issue 13).

Django's AutocompleteSelect looks the submitted value up when the form is shown again with its
errors, and "abc", "²" or "1e3" for a numeric key raised ValueError there: a 500.
`samson.core.admin.AutocompleteAdminMixin` drops such values before the lookup.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin import ModelAdmin
from django.db.models import Model
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse

from samson.accounts.models import Membership, Organisation, User
from samson.core.admin import AutocompleteAdminMixin
from samson.projects.models import Project, ProjectFacilitator

from .htmlforms import page_forms

WRONG_IDS = ["abc", "²", "1e3", "99999999999999999999999"]


def _autocomplete_admins() -> list[ModelAdmin[Any]]:
    """Every registered admin that has autocomplete fields itself or in one of its inlines."""
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if model_admin.autocomplete_fields
        or any(inline.autocomplete_fields for inline in model_admin.inlines)
    ]


def test_every_admin_with_autocomplete_fields_uses_the_mixin() -> None:
    classes = [
        cls
        for model_admin in admin.site._registry.values()
        for cls in [type(model_admin), *model_admin.inlines]
        if cls.autocomplete_fields
    ]
    assert {cls.__name__ for cls in classes} == {
        "MembershipAdmin",
        "MembershipInline",
        "FacilitatorInline",
    }
    assert [cls.__name__ for cls in classes if not issubclass(cls, AutocompleteAdminMixin)] == []


def _errors(context: Any) -> set[str]:
    """The names (with their formset prefixes) of the fields the admin page shows errors for."""
    forms: list[BaseForm] = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += inline.formset.forms
    return {form.add_prefix(name) for form in forms for name in form.errors}


@pytest.fixture
def objects() -> dict[type[Model], Model]:
    organisation = Organisation.objects.create(name="Autofullføring kommune")
    user = User.objects.create_user("medlem@auto.example.no", password="samson-auto-1")
    membership = Membership.objects.create(user=user, organisation=organisation)
    project = Project.objects.create(organisation=organisation, title="Autofullføring")
    ProjectFacilitator.objects.create(project=project, user=user)
    return {Organisation: organisation, Membership: membership, Project: project}


@pytest.mark.django_db
def test_wrong_ids_in_autocomplete_fields_are_form_errors(
    objects: dict[type[Model], Model],
) -> None:
    superuser = User.objects.create_superuser("admin@auto.example.no", password="samson-auto-1")
    client = Client()
    client.force_login(superuser)
    tried: list[str] = []
    for model_admin in _autocomplete_admins():
        model = model_admin.model
        names = {*model_admin.autocomplete_fields}
        names |= {name for inline in model_admin.inlines for name in inline.autocomplete_fields}
        # A field itself, or an inline's field in any of its rows ("memberships-1-user").
        autocomplete = re.compile(rf"(?:[\w-]+-\d+-)?(?:{'|'.join(names)})")
        info = model._meta.app_label, model._meta.model_name
        pages = [
            reverse("admin:{}_{}_add".format(*info)),
            reverse("admin:{}_{}_change".format(*info), args=[objects[model].pk]),
        ]
        for page in pages:
            reply = client.get(page)
            assert reply.status_code == 200, page
            (form,) = [f for f in page_forms(reply.content.decode(), page) if f.action == page]
            # The page as a browser would send it (a checkbox such as an inline's "delete"
            # only where it is ticked, and none is); then one wrong id in one field at a time.
            data = {n: f.value for n, f in form.fields.items() if f.kind != "checkbox"}
            fields = [name for name in data if autocomplete.fullmatch(name)]
            assert len(fields) >= len(names), (page, sorted(data))
            for name in fields:
                for wrong in WRONG_IDS:
                    reply = client.post(page, {**data, name: wrong})
                    assert reply.status_code == 200, (page, name, wrong)
                    assert name in _errors(reply.context), (page, name, wrong)
                    tried.append(f"{page} {name}")
    assert len(tried) == len(WRONG_IDS) * 10, tried
