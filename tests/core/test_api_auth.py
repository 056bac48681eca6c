import pytest

from core.models import ApiToken

from ..factories import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_token_login_returns_a_working_token(client):
    user = UserFactory(email="anna@example.test")
    response = client.post(
        "/api/v1/auth/token",
        {"email": "Anna@Example.test", "password": "pw-for-tests-1"},
        content_type=JSON,
    )
    assert response.status_code == 201
    token = response.json()["token"]
    assert token.startswith("jc_")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["email"] == "anna@example.test"
    # Only a hash is stored, never the secret itself.
    stored = ApiToken.objects.get(user=user)
    assert stored.key_hash != token and token not in stored.key_hash


def test_token_login_with_wrong_password_is_401(client):
    UserFactory(email="anna@example.test")
    response = client.post(
        "/api/v1/auth/token",
        {"email": "anna@example.test", "password": "nope"},
        content_type=JSON,
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Wrong email or password."}
    assert not ApiToken.objects.exists()


def test_token_login_missing_field_names_it(client):
    response = client.post("/api/v1/auth/token", {"email": "a@b.test"}, content_type=JSON)
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["password"]


def test_revoked_token_no_longer_works(client, bearer):
    headers = bearer(UserFactory())
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.delete("/api/v1/auth/token", headers=headers).status_code == 204
    response = client.get("/api/v1/me", headers=headers)
    assert response.status_code == 401
    assert "Authentication required" in response.json()["detail"]


def test_inactive_users_token_is_refused(client, bearer):
    user = UserFactory()
    headers = bearer(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/me", headers=headers).status_code == 401


def test_session_login_works_for_the_api(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get("/api/v1/me").json()["email"] == user.email


def test_me_reports_roles(client, organiser, bearer):
    body = client.get("/api/v1/me", headers=bearer(organiser)).json()
    assert (body["organiser"], body["employer"], body["candidate"]) == (True, False, False)


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/trips/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_openapi_document_is_openapi_3_with_the_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    paths = spec["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/sectors",
        "/api/v1/trips",
        "/api/v1/trips/{slug}",
        "/api/v1/trips/{slug}/transition",
    ):
        assert path in paths
    assert set(paths["/api/v1/trips/{slug}/transition"]["post"]["responses"]) >= {
        "200",
        "404",
        "409",
        "422",
    }


def test_docs_page_is_served(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_public_endpoint_with_a_bad_token_says_so(client):
    response = client.get("/api/v1/trips", headers={"Authorization": "Bearer jc_nonsense"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid or revoked token."}


def test_null_characters_are_a_clear_400_not_a_database_error(client, organiser, bearer):
    response = client.get("/api/v1/trips?sector=it%00x")
    assert response.status_code == 400
    assert response.json() == {"detail": "Null characters (U+0000) are not allowed in the request."}
    response = client.post(
        "/api/v1/trips",
        '{"title": "a\\u0000b"}',
        content_type=JSON,
        headers=bearer(organiser),
    )
    assert response.status_code == 400
    assert client.get("/trips/?sector=%00").status_code == 400


def test_a_refused_host_gets_the_apis_json_error(client):
    response = client.get("/api/v1/trips", HTTP_HOST="^SG")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}
    page = client.get("/trips/", HTTP_HOST="^SG")
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
