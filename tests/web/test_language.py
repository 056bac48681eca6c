import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TripFactory, UserFactory, sector

from .pages import texts

pytestmark = pytest.mark.django_db


def test_language_switch_changes_the_page_language(organisation):
    client = Client()  # no language cookie or header: the default, Swedish
    TripFactory(organisation=organisation, status="published", sectors=[sector("vard-omsorg")])

    swedish = client.get(reverse("home"))
    assert 'lang="sv"' in swedish.content.decode()[:200]
    assert texts(swedish.content, "ul", "tags") == ["Vård och omsorg"]
    assert "Logga in" in texts(swedish.content, "div", "site-account")[0]

    response = client.post(
        reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True
    )

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert '<html lang="en">' in response.content.decode()
    assert texts(response.content, "ul", "tags") == ["Care"]
    assert texts(response.content, "h2") == ["Upcoming trips"]
    assert texts(response.content, "div", "site-account")[0].startswith("Log in")


def test_switching_language_is_remembered_on_the_account(client):
    user = UserFactory(language="sv")
    client.force_login(user)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/trips/"})

    assert response.status_code == 302 and response.url == "/trips/"
    user.refresh_from_db()
    assert user.language == "en"
    client.post(reverse("set_language"), {"language": "klingon", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_switching_language_without_an_account_only_sets_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.cookies["django_language"].value == "en"
