"""The permission-matrix helper: its cases, its idea of a refusal, its log-in redirect."""

import pytest
from django.contrib.auth.views import redirect_to_login

from samson.testing.permissions import (
    AGAIN,
    LOGIN,
    ROLES,
    Cell,
    Row,
    assert_status,
    cells,
    login_location,
)


def test_one_case_a_row_and_role_named_by_url_method_kwargs_and_role():
    rows = [
        Row("projects:detail", "get", [LOGIN, 200, 200, 404, 200], {"pk": "A"}),
        Row("projects:create", "post", [LOGIN, 302, 403, AGAIN, 302], marks=[pytest.mark.slow]),
    ]
    made = cells(rows)
    assert [case.id for case in made[:2]] == [
        "projects:detail-get-A-anonymous",
        "projects:detail-get-A-owner_a",
    ]
    assert len(made) == 2 * len(ROLES) == 10
    [cell] = made[8].values
    assert isinstance(cell, Cell)
    assert (cell.role, cell.want) == ("owner_b", AGAIN)
    assert [mark.name for mark in made[8].marks] == ["slow"]
    assert made[0].marks == ()


def test_a_row_with_an_answer_missing_is_refused():
    with pytest.raises(ValueError, match=r"projects:list get: 4 answers for"):
        cells([Row("projects:list", "get", [LOGIN, 200, 200, 200])])


def test_other_roles_name_their_own_cases():
    [first, second] = cells([Row("x:y", "get", [200, 404])], roles=("analyst", "stranger"))
    assert (first.id, second.id) == ("x:y-get-analyst", "x:y-get-stranger")


@pytest.mark.parametrize(
    ("method", "want", "refused"),
    [
        ("get", 200, True),  # a GET never changes anything
        ("post", LOGIN, True),
        ("post", AGAIN, True),
        ("post", 403, True),
        ("post", 404, True),
        ("post", 409, True),
        ("post", 302, False),
        ("post", 201, False),
        ("post", 200, False),  # the API's 200 to an allowed POST
    ],
)
def test_what_counts_as_refused(method, want, refused):
    assert Cell(Row("x:y", method, [want]), "owner_a", want).refused is refused


def test_the_login_redirect_is_djangos_own_even_with_a_query():
    url = "/prosjekter/1/rapport/sammenlign/?a=1&b=2"
    assert login_location(url) == redirect_to_login(url)["Location"]
    assert (
        login_location(url)
        == "/konto/logg-inn/?next=/prosjekter/1/rapport/sammenlign/%3Fa%3D1%26b%3D2"
    )


class _Reply:
    def __init__(self, status_code: int, location: str = "") -> None:
        self.status_code = status_code
        self.headers = {"Location": location}

    def __getitem__(self, key: str) -> str:
        return self.headers[key]


def test_a_redirect_elsewhere_is_not_the_login_redirect():
    with pytest.raises(AssertionError):
        assert_status(_Reply(302, "/"), LOGIN, url="/prosjekter/")  # type: ignore[arg-type]
    assert_status(_Reply(302, "/konto/logg-inn/?next=/prosjekter/"), LOGIN, url="/prosjekter/")  # type: ignore[arg-type]
    with pytest.raises(AssertionError):
        assert_status(_Reply(200), 404, url="/x/")  # type: ignore[arg-type]
