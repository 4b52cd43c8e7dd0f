"""No input to any form of the site answers a server error (issue 13).

Every URL pattern of the site is filled with real ids and tokens from a small site
(`siteworld.py`) and fetched as each role: anonymous, participant, facilitator, analyst and
admin (the admin's pages as anonymous and admin; a file such as an export is made once, by the
first role that may have it). Every form on every page is then submitted by Hypothesis, with
its CSRF token, as the first role that saw it: seven fixed inputs in every field at once
(FLOODS), then drawn ones: valid options, empty and missing fields, Unicode digits such as "²"
and "١", huge numbers, very long strings, control characters, extra fields and arbitrary files
for file inputs. Any 5xx, or any exception the view lets through, fails the test, which lists each
form that failed with the input that failed.

Django's admin is fuzzed too, its POST forms (add and change forms with their inline formsets,
changelist actions, password forms) by the admin, with fewer inputs (ADMIN_FLOODS,
ADMIN_EXAMPLES); a delete confirmation's changes are rolled back after each answer (ROLLED_BACK).

Reproducible: Hypothesis runs derandomized and keeps no example database. A URL whose
parameters cannot be filled fails the test; what is left out is listed in EXCLUDED_POSTS and
ADMIN_ROLES with why.
Run it alone with `.venv/bin/pytest samson/core/tests/test_form_fuzz.py -q`.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from samson.accounts.models import User
from samson.barometer.models import DataImport
from samson.knowledge.registry import PAGES
from samson.projects.models import Project
from samson.reports.views import FORMATS

from .htmlforms import Field, Form, page_forms
from .siteworld import FORGETFUL, ROLES, SiteWorld, example_token, site_world

# Drawn examples per distinct form (91 of them, each submitted by the first role that sees it),
# after the seven FLOODS.
EXAMPLES = int(os.environ.get("SAMSON_FUZZ_EXAMPLES", "10"))

# URL patterns without a name, which reverse() cannot fill: the path fetched for each.
UNNAMED = {"admin/(?P<url>.*)$": "/admin/finnes-ikke/"}
# Forms that are not submitted (by their action's path), each with the reason. Their pages
# are still fetched by every role.
EXCLUDED_POSTS = {
    r"/konto/logg-ut/": "logging out would end the role's session for the rest of the run",
    r"/admin/logout/": "the admin's log-out would end the admin's session for the rest of the run",
}
# Forms whose changes are rolled back after each answer (by their action's path), with the
# reason: they are submitted like every other, but what they do must not reach later forms.
ROLLED_BACK = {
    r"/admin/.*/delete/": "the admin's delete confirmation would delete the object the later "
    "forms (and the other admin pages) are about",
    r"/barometer/\d+/(importert/\d+/|enhet/\d+/)?slett/": "deleting an edition, an import or "
    "a unit would take away what the later forms (and the other barometer pages) are about",
}
# Drawn examples for each of the admin's POST forms (37 of them), after the ADMIN_FLOODS: Django
# tests its admin itself; here they are covered for our admin classes and what they change.
ADMIN_EXAMPLES = int(os.environ.get("SAMSON_FUZZ_ADMIN_EXAMPLES", "1"))
# Roles that fetch the admin's pages: everyone who is not staff gets the anonymous visitor's
# redirect to the admin's log-in page.
ADMIN_ROLES = ("anonymous", "admin")

# Inputs that have broken number parsing, encodings and length checks somewhere.
NASTY = [
    "",
    " ",
    "²",
    "١",
    "1e3",
    " 1",
    "-1",
    "0",
    "1.5",
    "99999999999999999999999",
    "-99999999999999999999999",
    "NaN",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\r\n",
    "\u202e",
    "🙂",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "a; ²",
    '=HYPERLINK("http://evil.example")',
    "x" * 5_000,
    "ø" * 100_000,
]
FILES = [
    b"",
    b"\x00\xff\xfe",
    b"PK\x03\x04garbage",
    b"a;b\n1;2\n",
    "enhet,landsdel\n11,²\n".encode(),
    "år,kommune\n2024,0301\n".encode("latin-1"),
]
# Before the random inputs, each of these goes into every field of every form at once (and into
# the extra names below): the inputs most likely to break a parser are tried everywhere, not
# left to the draw. "a; ²" is a list entry with a number, as the parts of a municipality are.
FLOODS = ["²", "a; ²", "-1", "99999999999999999999999", "a\x00b", "", "ø" * 10_000]
# The admin's forms get the floods that have broken Django's own code: a Unicode digit and a
# huge number as an id (autocomplete, `__in`), and a NUL; fewer, to keep the test's time.
ADMIN_FLOODS = ["²", "99999999999999999999999", "a\x00b"]
# A formset's count of forms keeps its page value in the floods: a huge count makes Django build
# its cap of 1,000 more forms for each inline, seconds per request (Django's own defence, which
# its tests cover); the drawn inputs still fuzz it.
KEPT_IN_FLOODS = r".*-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS"
EXTRA_NAMES = ["id", "pk", "answer", "utgave", "med", "action", "to", "next", "start_key"]


# ----------------------------------------------------------------------------- the URLs


def _patterns(
    resolver: URLResolver, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str, list[str]]]:
    """(route, name to reverse, parameter names) of every pattern below `resolver`."""
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            names = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
            name = f"{namespace}{pattern.name}" if pattern.name else ""
            yield route, name, [a or b for a, b in names]


def _admin_object(route: str, world: SiteWorld) -> list[Any]:
    """An object of the model an admin route is about: the newest, or for users the one that
    no role is logged in as (the fuzzer may change it)."""
    app_label, model_name = route.split("/")[1:3]
    model = apps.get_model(app_label, model_name)
    if model is User:
        return [User.objects.get(username=FORGETFUL).pk]
    newest = model._default_manager.order_by("-pk").first()
    # A model the site has no object of (say a social log-in token) gets an id that does not
    # exist: the admin answers that it does not, which is the page to test then.
    return [newest.pk if newest is not None else 999_999]


def _values(route: str, name: str, world: SiteWorld) -> list[Any]:
    """The real values a parameter takes on `route`; an empty list if there are none."""
    if route.startswith("admin/"):
        if name == "app_label":
            return ["accounts", "projects"]
        if name == "content_type_id":
            return [ContentType.objects.get_for_model(Project).pk]
        if name == "object_id" and route.startswith("admin/r/"):
            return [world.project.pk]
        if name == "object_id" or route == "admin/accounts/user/<id>/password/":
            return _admin_object(route, world)
    tokens = {
        "vurdering/": [world.solo_token, example_token(), world.participant_token],
        "delta/": [world.participant_token],
        "barometer/svar/": [world.invitation_token],
        "konto/invitasjon/": [world.account_invitation_token],
        "konto/nytt-passord/": [world.reset_token],
        "invitasjon/": [world.fieldwork_link_token],
    }
    by_name: dict[str, list[Any]] = {
        "project_pk": [world.project.pk],
        "round_pk": [world.closed_round.pk, world.open_round.pk],
        "organisation_pk": [world.organisation.pk],
        "pending_pk": [world.pending.pk],
        "number": [1, 2],
        "code": [world.open_round.join_code],
        "uidb64": [world.reset_uid],
        "slug": [PAGES[0].slug],
        "provider_id": ["samson"],  # no provider is configured in the tests: 404
        "what": ["estimater", "mikrodata", "kodebok"],
        "kind": ["invitasjon", "purring"],
        "language": ["nn"],
    }
    if name in ("import_pk", "respondent_pk"):
        data_import = DataImport.objects.filter(edition=world.edition).first()
        assert data_import is not None
        unit = data_import.respondents.first()
        return [data_import.pk if name == "import_pk" else unit.pk if unit else 0]
    if name in by_name:
        return by_name[name]
    if name == "token":
        return next((v for prefix, v in tokens.items() if route.startswith(prefix)), [])
    if name == "fmt":
        return ["csv", "xlsx", "sav", "md"] if route.startswith("barometer/") else list(FORMATS)
    if name == "pk":
        if route.startswith(("barometer/", "api/v1/barometer/")):
            return [world.edition.pk]
        if route.startswith("konto/api-nokler/"):
            return [world.api_key_pk]
        if route.startswith(("prosjekter/", "api/v1/projects/")):
            return [world.project.pk]
    return []


def _fill(route: str, values: dict[str, Any]) -> str:
    return re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m[1]]), route)


def site_paths(world: SiteWorld) -> tuple[list[str], list[str]]:
    """Every path of the site filled with the world's values, and the routes that could not
    be filled (each with the parameter that has no value)."""
    paths: list[str] = []
    unfilled: list[str] = []
    for route, name, parameters in _patterns(get_resolver()):
        if route in UNNAMED:
            paths.append(UNNAMED[route])
            continue
        if not name and "(?P<" in route:
            unfilled.append(f"{route} (no name to reverse; give it a path in UNNAMED)")
            continue
        choices = {p: _values(route, p, world) for p in parameters}
        missing = [p for p, values in choices.items() if not values]
        if missing:
            unfilled.append(f"{route} (no value for {', '.join(missing)})")
            continue
        for combination in itertools.product(*choices.values()):
            values = dict(zip(choices, combination, strict=True))
            if name:
                paths.append(reverse(name, kwargs=values))
            else:  # a plain route without a name, such as the admin's redirect to a change page
                paths.append("/" + _fill(route, values))
    return paths, unfilled


# ----------------------------------------------------------------------------- the inputs


def _field_values(item: Field) -> st.SearchStrategy[Any]:
    nasty = st.sampled_from(NASTY)
    if item.kind == "file":
        suffixes = [s.strip() for s in item.accept.split(",") if s.strip().startswith(".")]
        names = st.sampled_from([f"data{s}" for s in suffixes or [".csv"]] + ["x", "a.exe"])
        return st.builds(
            lambda name, content: SimpleUploadedFile(name, content),
            names,
            st.one_of(st.sampled_from(FILES), st.binary(max_size=200)),
        )
    if item.is_choice and item.options:
        valid = st.sampled_from(item.options)
        if item.kind == "checkbox" or item.multiple:
            return st.one_of(st.lists(valid, max_size=len(item.options), unique=True), nasty)
        return st.one_of(valid, valid, nasty, st.text(max_size=10))
    known = [item.value] if item.value else []
    return st.one_of(
        st.sampled_from(known or [""]),
        nasty,
        st.text(max_size=30),
        st.integers().map(str),
    )


@st.composite
def form_data(draw: st.DrawFn, form: Form) -> dict[str, Any]:
    """Values for `form`: each field filled, fuzzed or left out; sometimes an extra field."""
    data: dict[str, Any] = {}
    for name, item in form.fields.items():
        if name == "csrfmiddlewaretoken":
            data[name] = item.value  # always valid: the forms behind it are what is tested
        elif draw(st.integers(0, 7)) > 0:  # one field in eight is left out
            data[name] = draw(_field_values(item))
    extra = draw(st.dictionaries(st.sampled_from(EXTRA_NAMES), st.sampled_from(NASTY), max_size=2))
    return {**extra, **data}


def flood(form: Form, value: str) -> dict[str, Any]:
    """`value` in every field of `form` and in every extra name; files hold it as bytes."""
    data: dict[str, Any] = dict.fromkeys(EXTRA_NAMES, value)
    for name, item in form.fields.items():
        if name == "csrfmiddlewaretoken" or re.fullmatch(KEPT_IN_FLOODS, name):
            data[name] = item.value
        elif item.kind == "file":
            data[name] = SimpleUploadedFile("data.csv", value.encode())
        else:
            data[name] = value
    return data


# ----------------------------------------------------------------------------- requests


def fetch(
    client: Client, method: str, path: str, data: Any = None, *, rollback: bool = False
) -> Any:
    """One request in a savepoint (a database error in the view must not poison the test's
    transaction), rolled back after the answer if `rollback`; fails on a 5xx and on any
    exception the view let through."""
    what = f"{method.upper()} {path} {_short(data)}"
    try:
        with transaction.atomic():
            if method == "get":
                reply = client.get(path, data, follow=data is not None)
            elif data and not any(isinstance(v, SimpleUploadedFile) for v in data.values()):
                body = urlencode(data, doseq=True)
                reply = client.post(
                    path, body, content_type="application/x-www-form-urlencoded", follow=True
                )
            else:
                reply = client.post(path, data or {}, follow=True)
            if rollback:
                transaction.set_rollback(True)
    except AssertionError:
        raise
    except Exception as error:  # the test client re-raises what the view raised
        message = str(error)[:300]
        raise AssertionError(f"{what} raised {type(error).__name__}: {message}") from error
    assert reply.status_code < 500, f"{what} answered {reply.status_code}"
    return reply


def _short(data: Any) -> str:
    if not data:
        return ""
    shown = {
        k: (v[:40] + f"…({len(v)} chars)" if isinstance(v, str) and len(v) > 40 else v)
        for k, v in dict(data).items()
        if k != "csrfmiddlewaretoken"
    }
    return repr(shown)


def fuzz_form(client: Client, form: Form) -> None:
    """Submit `form` with each of FLOODS, then EXAMPLES times with Hypothesis' values (the
    admin's forms: ADMIN_FLOODS and ADMIN_EXAMPLES); raise on the first server error."""
    action = urlsplit(form.action).path
    rollback = any(re.fullmatch(pattern, action) for pattern in ROLLED_BACK)
    in_admin = action.startswith("/admin/")

    @settings(
        max_examples=ADMIN_EXAMPLES if in_admin else EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        # No shrinking: a failing form is reported with the input that failed, and a run with
        # failures takes as long as one without.
        phases=[Phase.explicit, Phase.generate],
    )
    @given(data=form_data(form))
    def submit(data: dict[str, Any]) -> None:
        cookie = client.cookies.get(django_settings.CSRF_COOKIE_NAME)
        if "csrfmiddlewaretoken" in data and cookie is not None:
            # The client's current token: a log-in or sign-up by an earlier form rotates it.
            data = {**data, "csrfmiddlewaretoken": cookie.value}
        fetch(client, form.method, form.action, data, rollback=rollback)

    # Decorators apply inside out: reversed, the floods run in their order.
    for value in reversed(ADMIN_FLOODS if in_admin else FLOODS):
        submit = example(data=flood(form, value))(submit)
    submit()


# ----------------------------------------------------------------------------- the tests


def _participants(form: Form, world: SiteWorld) -> bool:
    return form.action.startswith("/delta/") or world.participant_token in form.action


def _log_out_keeping_csrf(client: Client) -> None:
    """The test client's log-out drops every cookie, the CSRF cookie the forms' tokens are
    checked against too; put that one back, as a browser would keep it."""
    cookie = client.cookies.get(django_settings.CSRF_COOKIE_NAME)
    client.logout()
    if cookie is not None:
        client.cookies[django_settings.CSRF_COOKIE_NAME] = cookie.value


class _NoLayout:
    """WeasyPrint's layout of a report takes seconds and reads no input (the reports' tests
    check real PDFs); the fuzzer runs everything up to it and skips only the layout."""

    def __init__(self, **kwargs: Any) -> None:
        pass

    def write_pdf(self, **kwargs: Any) -> bytes:
        return b"%PDF-1.7 (layout skipped by the form fuzzer)"


@pytest.fixture
def world(instruments: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[SiteWorld]:
    monkeypatch.setattr("weasyprint.HTML", _NoLayout)
    cache.clear()  # limits counted by other tests must not turn pages into 429s
    yield site_world()
    cache.clear()


@pytest.mark.slow  # Hypothesis over every form of every page
@pytest.mark.django_db
def test_every_form_of_every_page_survives_any_input(world: SiteWorld) -> None:
    paths, unfilled = site_paths(world)
    assert unfilled == [], "give these URL parameters a value in _values (or a path in UNNAMED)"
    assert len(paths) >= 100

    # Each distinct form once, by the first role that sees it (anonymous first, admin last,
    # so the admin's forms, which can change every object, come after all the others), except
    # that the participant submits the forms of their own round and response.
    forms: dict[tuple[str, str, tuple[str, ...]], tuple[str, Form]] = {}
    failures: list[str] = []
    # A file (export, PDF) is made once, by the first role that may have it: the others would
    # only make the same bytes again. Who may have which is the permission tests' subject.
    files: set[str] = set()
    for role in ROLES:
        client = world.clients[role]
        for path in paths:
            if path in files or (path.startswith("/admin/") and role not in ADMIN_ROLES):
                continue
            try:
                reply = fetch(client, "get", path)
            except AssertionError as error:
                failures.append(f"[{role}] {error}")
                continue
            if not reply.get("Content-Type", "").startswith("text/html"):
                if reply.status_code == 200:
                    files.add(path)
                continue
            page = reply.request["PATH_INFO"]
            for form in page_forms(reply.content.decode(), page):
                action = urlsplit(form.action).path
                if form.method == "post" and any(
                    re.fullmatch(pattern, action) for pattern in EXCLUDED_POSTS
                ):
                    continue
                known = forms.setdefault(form.signature, (role, form))
                # The participant's own pages (joining, answering) are theirs to submit.
                if role == "participant" and known[0] == "anonymous" and _participants(form, world):
                    forms[form.signature] = (role, form)
    assert len(forms) >= 50, sorted(forms)
    assert {role for role, _form in forms.values()} == set(ROLES)

    for role, form in forms.values():
        cache.clear()  # one form's wrong codes and log-ins must not turn the next into 429s
        try:
            fuzz_form(world.clients[role], form)
        except Exception as error:  # noqa: BLE001 - every failing form is reported, not the first
            failures.append(f"[{role}] {form.method.upper()} {form.action}: {str(error)[:1500]}")
        finally:
            if role == "anonymous":  # a sign-up form logs the visitor in; be anonymous again
                _log_out_keeping_csrf(world.clients[role])
    assert failures == [], "\n".join(failures)
