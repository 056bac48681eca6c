"""Issue 14.6: the permission matrix. Every URL pattern and every API operation, requested as
each of the eleven roles of matrix_world.ROLES, answers what tests/privacy/matrix.py says.

A URL pattern or API operation without a row fails `test_every_url_and_operation_has_a_row`
(and its own cell test) with the row to add. The world is built once for the module inside a
transaction that is rolled back afterwards; each cell runs in a savepoint of its own, so what
one role's request changes does not leak into the next.

`MATRIX_RECORD=/tmp/rows.txt pytest tests/privacy/test_permission_matrix.py` appends each
URL's row as it answers today to that file (to review before it goes into the table).
"""

import json
import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from config.api import api

from . import matrix
from .matrix_world import ORGANISATION_SECRETS, ROLES, SECRETS, build_world

# Serving files is the web server's job; the admin is covered by admin_keys() below, and the
# API by its operations (api_keys()).
SKIPPED_PREFIXES = ("admin/", "api/v1/", "static/", "media/")


def url_keys() -> dict[str, tuple[str | None, str, list[str]]]:
    """Every URL pattern outside the admin and the API: key → (name, route, kwarg names).
    The key is the (namespaced) URL name, or the route for an unnamed pattern."""
    found: dict[str, tuple[str | None, str, list[str]]] = {}

    def walk(resolver, prefix: str, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace
                walk(pattern, route, f"{namespace}{inner}:" if inner else namespace)
            elif isinstance(pattern, URLPattern):
                name = f"{namespace}{pattern.name}" if pattern.name else None
                key = name or route
                assert key not in found, f"two URL patterns share the key {key!r}"
                found[key] = (name, route, list(pattern.pattern.converters))

    walk(get_resolver(), "", "")
    return found


def admin_keys() -> list[str]:
    """The admin's index, each app's index, and each registered model's list and change page
    (its first object in the world)."""
    keys = ["admin:index"]
    keys += sorted({f"admin:app_list:{model._meta.app_label}" for model in admin.site._registry})
    for model in sorted(admin.site._registry, key=lambda m: m._meta.label):
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        keys += [f"{info}_changelist", f"{info}_change"]
    return keys


def api_keys() -> dict[str, dict]:
    """Every API operation: "METHOD /api/v1/path" → its OpenAPI operation."""
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}": operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    }


URLS = url_keys()
ADMIN = admin_keys()
API = api_keys()
ALL_KEYS = [*URLS, *ADMIN, *API]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The matrix world, built once; everything it wrote is rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        yield w
        w.candidate.cv.delete(save=False)
        transaction.set_rollback(True)


# Roles that may read nothing of the trip's candidate: a 200 showing them any of
# matrix_world.SECRETS is answered "200!", never a correct cell.
OUTSIDERS = {
    "anonymous",
    "other_candidate",
    "employer_unbooked",
    "employer_cancelled",
    "other_organiser",
    "staff",
}


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def _code(response, role: str) -> str:
    if response.status_code in (301, 302):
        target = urlsplit(response["Location"]).path
        if target in (urlsplit(settings.LOGIN_URL).path, reverse("login"), "/admin/login/"):
            return "L"
    if response.status_code == 200 and role in OUTSIDERS:
        body = _body(response)
        secrets = SECRETS + (ORGANISATION_SECRETS if role == "other_organiser" else ())
        if any(secret in body for secret in secrets):
            return "200!"
    return str(response.status_code)


def _url_for(w, key: str) -> str:
    if key in ADMIN:
        return _admin_url(w, key)
    name, route, kwarg_names = URLS[key]
    kwargs = {arg: w.kwargs[arg] for arg in kwarg_names if arg != "pk"}
    if "pk" in kwarg_names:
        kwargs["pk"] = getattr(w, matrix.PK_OF[name]).pk
    kwargs.update(_overrides(w, key))
    return reverse(name, kwargs=kwargs) if name else "/" + route


def _overrides(w, key: str) -> dict:
    return {arg: w.kwargs[value] for arg, value in matrix.KWARGS.get(key, {}).items()}


def _admin_url(w, key: str) -> str:
    parts = key.split(":")
    if parts[1] == "index":
        return reverse("admin:index")
    if parts[1] == "app_list":
        return reverse("admin:app_list", kwargs={"app_label": parts[2]})
    if key.endswith("_change"):
        model = next(
            m
            for m in admin.site._registry
            if f"admin:{m._meta.app_label}_{m._meta.model_name}_change" == key
        )
        obj = model._default_manager.order_by("pk").first()
        return reverse(key, args=[obj.pk if obj else 999_999])
    return reverse(key)


def _request(w, key: str, role: str, method: str) -> str:
    client = Client(raise_request_exception=False, headers={"Accept-Language": "en"})
    if key in API:
        method_name, path = key.split(" ", 1)
        for name, value in {**w.kwargs, **_overrides(w, key)}.items():
            path = path.replace("{" + name + "}", str(value))
        headers = {"Authorization": f"Bearer {w.tokens[role]}"} if w.tokens[role] else {}
        body = matrix.BODIES[key](w) if key in matrix.BODIES else {}
        call = getattr(client, method_name.lower())
        if method_name in ("POST", "PUT", "PATCH"):
            response = call(
                path, data=json.dumps(body), content_type="application/json", headers=headers
            )
        else:
            response = call(path, headers=headers)
    else:
        if w.sessions[role]:
            client.cookies[settings.SESSION_COOKIE_NAME] = w.sessions[role]
        url = _url_for(w, key)
        response = client.post(url, {}) if method == "POST" else client.get(url)
    code = _code(response, role)
    _close(response)
    return code


def _close(response) -> None:
    """Close a streamed file the cell did not read, as a WSGI server would. Closing fires
    request_finished, whose close_old_connections would close the database connection: inside
    the world's transaction on PostgreSQL that loses the world (SQLite's in-memory database
    shrugs it off). The test client disconnects it around its own close; so do we."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _answers(w, key: str, method: str) -> list[str]:
    """Each role's answer, each in a savepoint rolled back afterwards."""
    codes = []
    for role in ROLES:
        cache.clear()
        with transaction.atomic():
            codes.append(_request(w, key, role, method))
            transaction.set_rollback(True)
    return codes


def _record(key: str, method: str, codes: list[str]) -> None:
    path = os.environ.get("MATRIX_RECORD")
    if path:
        row = ("POST " if method == "POST" else "") + " ".join(codes)
        with open(path, "a") as out:
            out.write(f"    {key!r}: {row!r},\n")


def test_every_url_and_operation_has_a_row():
    missing = [key for key in ALL_KEYS if key not in matrix.EXPECTED]
    stale = [key for key in matrix.EXPECTED if key not in ALL_KEYS]
    assert not missing, (
        "URL patterns / API operations without a row in tests/privacy/matrix.py EXPECTED — "
        "add one for each (its cell test prints today's answers): " + ", ".join(missing)
    )
    assert not stale, "rows in tests/privacy/matrix.py for URLs that are gone: " + ", ".join(stale)


def test_every_row_has_one_answer_per_role():
    for key, row in matrix.EXPECTED.items():
        method, codes = matrix.parse(row)
        assert len(codes) == len(ROLES), f"{key}: {len(codes)} codes for {len(ROLES)} roles"
        assert method in ("GET", "POST"), key


def _params() -> list:
    return list(_param_iter())


def _param_iter():
    for key in ALL_KEYS:
        marks = []
        if key in matrix.XFAIL:
            marks.append(pytest.mark.xfail(reason=matrix.XFAIL[key], strict=True))
        yield pytest.param(key, id=key, marks=marks)


@pytest.mark.django_db
@pytest.mark.parametrize("key", _params())
def test_each_role_gets_the_expected_answer(world, key):
    if key not in matrix.EXPECTED:
        method = "GET"
        codes = _answers(world, key, method)
        if "405" in codes and key not in API:
            method = "POST"
            codes = _answers(world, key, method)
        _record(key, method, codes)
        row = ("POST " if method == "POST" else "") + " ".join(codes)
        pytest.fail(
            f"{key!r} has no row in tests/privacy/matrix.py EXPECTED. Today it answers "
            f"{row!r} for {', '.join(ROLES)}: check each cell, then add\n    {key!r}: {row!r},"
        )
    method, expected = matrix.parse(matrix.EXPECTED[key])
    codes = _answers(world, key, method)
    _record(key, method, codes)
    wrong = [
        f"{role}: expected {want}, got {got}"
        for role, want, got in zip(ROLES, expected, codes, strict=True)
        if want != got
    ]
    shown = key if key in API else f"{method} {key}"
    assert not wrong, f"{shown}: " + "; ".join(wrong)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "role", "secret"),
    [
        ("manage:applicant_detail", "organiser", SECRETS[0]),
        ("manage:applicant_detail", "organiser", SECRETS[3]),
        ("pack_page", "employer_booked", SECRETS[0]),
        ("followup_case_detail", "coordinator", SECRETS[4]),
        ("followup_case_detail", "organiser", ORGANISATION_SECRETS[0]),
        ("manage:message_preview", "organiser", ORGANISATION_SECRETS[1]),
        ("manage:organisers", "organiser", ORGANISATION_SECRETS[2]),
        ("GET /api/v1/trips/{slug}/applications", "organiser", SECRETS[1]),
    ],
)
def test_the_leak_check_sees_the_data_where_it_may_be_shown(world, key, role, secret):
    """The "200!" check is not vacuous: the pages that may show the world's secrets show them
    (so an outsider's page that showed them would be caught)."""
    client = Client(headers={"Accept-Language": "en"})
    headers = {}
    if key in API:
        path = key.split(" ", 1)[1].replace("{slug}", world.trip.slug)
        headers = {"Authorization": f"Bearer {world.tokens[role]}"}
    else:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        path = _url_for(world, key)

    response = client.get(path, headers=headers)

    assert response.status_code == 200
    assert secret in _body(response)


@pytest.mark.django_db
def test_a_form_posted_to_the_stripe_webhook_is_refused_with_400_not_500(client):
    """Found by the matrix: the middleware parses a form body, after which the webhook could
    not read it raw and answered 500. Stripe sends JSON; anything else is 400."""
    response = client.post(reverse("stripe_webhook"), {"type": "checkout.session.completed"})

    assert response.status_code == 400
    assert b"application/json" in response.content


DENIED = {"L", "401", "403", "404"}


def _get_pages() -> list:
    return [
        key
        for key in [*URLS, *ADMIN]
        if key in matrix.EXPECTED
        and matrix.parse(matrix.EXPECTED[key])[0] == "GET"
        and key not in matrix.XFAIL
        and DENIED & set(matrix.parse(matrix.EXPECTED[key])[1])
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("key", _get_pages())
def test_whoever_may_not_see_a_page_may_not_post_to_it_either(world, key):
    """A page's POST (its form, posted empty) refuses every role its GET refuses: a view that
    checked permissions only for GET would let them act."""
    _, expected = matrix.parse(matrix.EXPECTED[key])
    wrong = []
    for role, want in zip(ROLES, expected, strict=True):
        if want not in DENIED:
            continue
        cache.clear()
        with transaction.atomic():
            got = _request(world, key, role, "POST")
            transaction.set_rollback(True)
        if got not in DENIED | {"405"}:
            wrong.append(f"{role}: GET {want}, POST {got}")
    assert not wrong, f"POST {key}: " + "; ".join(wrong)
