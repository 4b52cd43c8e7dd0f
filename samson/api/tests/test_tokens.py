"""Personal API keys: made and revoked on a web page, kept only as a hash."""

import hashlib

import pytest
from django.urls import reverse

from samson.accounts.tests.factories import UserFactory
from samson.api.models import ApiToken
from samson.api.services import token_create, token_revoke

PROJECTS = "/api/v1/projects/"


@pytest.mark.django_db
def test_only_the_hash_of_a_key_is_stored():
    user = UserFactory.create()
    token, key = token_create(user=user, name="Dashbord")
    assert key.startswith("samson_") and len(key) == len("samson_") + 43
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert stored.prefix == key[:11]
    assert key not in {stored.name, stored.prefix, stored.key_hash}


@pytest.mark.django_db
def test_a_key_authenticates_until_it_is_revoked(client):
    user = UserFactory.create()
    token, key = token_create(user=user, name="Dashbord")
    auth = {"Authorization": f"Bearer {key}"}
    assert client.get(PROJECTS, headers=auth).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    token_revoke(token=token)
    response = client.get(PROJECTS, headers=auth)
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "status": 401,
            "code": "authentication_failed",
            "message": "API-nøkkelen er ikke gyldig.",
            "fields": {},
        }
    }


@pytest.mark.django_db
def test_the_key_of_a_deactivated_user_stops_working(client):
    user = UserFactory.create()
    _token, key = token_create(user=user, name="Dashbord")
    user.is_active = False
    user.save()
    assert client.get(PROJECTS, headers={"Authorization": f"Bearer {key}"}).status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header", ["", "Bearer", "Bearer samson_feil", "Bearer a b", "Token samson_x", "Basic eDp5"]
)
def test_no_or_a_wrong_key_is_refused(client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get(PROJECTS, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["status"] == 401
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.django_db
def test_the_keys_page_makes_a_key_and_shows_it_once(client):
    user = UserFactory.create()
    client.force_login(user)
    page = reverse("api_tokens:list")
    response = client.post(page, {"name": "Dashbord for kommunen"})
    assert response.status_code == 200
    html = response.content.decode()
    token = ApiToken.objects.get(user=user)
    key = html.split('<code class="samson-key">')[1].split("</code>")[0]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    assert "Dashbord for kommunen" in html
    again = client.get(page).content.decode()
    assert key not in again and token.prefix in again


@pytest.mark.django_db
def test_a_key_needs_a_name(client):
    client.force_login(UserFactory.create())
    response = client.post(reverse("api_tokens:list"), {"name": ""})
    assert response.status_code == 200
    assert ApiToken.objects.count() == 0
    assert "Dette feltet er påkrevd." in response.content.decode()


@pytest.mark.django_db
def test_revoke_on_the_keys_page(client):
    user = UserFactory.create()
    token, _key = token_create(user=user, name="Gammel")
    client.force_login(user)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(reverse("api_tokens:list")).content.decode()
    assert token.prefix not in page and "Du har ingen nøkler." in page


@pytest.mark.django_db
def test_nobody_revokes_someone_elses_key(client):
    token, _key = token_create(user=UserFactory.create(), name="Hers")
    client.force_login(UserFactory.create())
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.django_db
def test_the_keys_page_needs_a_log_in(client):
    response = client.get(reverse("api_tokens:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("api_tokens:revoke", args=[1])).status_code == 302
