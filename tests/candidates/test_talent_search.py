"""The organisers' talent database search (issue 15.5): the selector, the page and the API,
on SQLite (icontains) and on PostgreSQL (full-text search, Swedish and English, GIN)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from candidates.models import AccessAction, AccessLog, Candidate
from candidates.search import talent_search
from tests.factories import CandidateFactory, EmployerMemberFactory, sector
from tests.plans import plan_without

pytestmark = pytest.mark.django_db
PAGE = "/manage/talent/"
API = "/api/v1/talent"


def person(name: str, *, consent: bool = True, **fields) -> Candidate:
    consent_fields = (
        {"consent_talent_db_at": timezone.now(), "consent_talent_db_version": "2026-11"}
        if consent
        else {}
    )
    return CandidateFactory(name=name, **consent_fields, **fields)


def names(qs) -> list[str]:
    return [c.name for c in qs]


def test_finds_by_sector_city_and_words(organiser):
    dev = person("Ada", headline="Backend developer", skills=["Python", "Django"])
    nurse = person("Bo", headline="Sjuksköterska", city="Umeå", sectors=[sector("vard-omsorg")])
    person("Cleo", headline="Chef", skills=["Pastry"], sectors=[sector("restaurang-kock")])
    assert names(talent_search(organiser_user=organiser)) == ["Ada", "Bo", "Cleo"]
    assert names(talent_search(organiser_user=organiser, sector=sector("vard-omsorg"))) == [
        nurse.name
    ]
    assert names(talent_search(organiser_user=organiser, region="umeå")) == ["Bo"]
    assert names(talent_search(organiser_user=organiser, text="python")) == [dev.name]
    assert names(talent_search(organiser_user=organiser, text="backend python")) == ["Ada"]
    assert names(talent_search(organiser_user=organiser, text="python", region="Umeå")) == []


def test_only_consenting_active_people_and_only_for_organisers(organiser):
    person("Ada")
    person("Nej", consent=False)
    gone = person("Gone")
    gone.user.is_active = False
    gone.user.save()
    assert names(talent_search(organiser_user=organiser)) == ["Ada"]
    employer = EmployerMemberFactory().user
    assert names(talent_search(organiser_user=employer)) == []
    assert names(talent_search(organiser_user=None)) == []


def test_page_lists_paginates_and_audits(client, organiser):
    for i in range(30):
        person(f"Person {i:02}", headline="Backend developer")
    client.force_login(organiser)
    response = client.get(PAGE, {"q": "developer"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "30 people found" in text and "Page 1 of 2" in text
    assert (
        AccessLog.objects.filter(
            actor=organiser, action=AccessAction.PROFILE_VIEW, via="manage:talent_search"
        ).count()
        == 25
    )
    assert "Person 29" in client.get(PAGE, {"q": "developer", "page": 2}).content.decode()
    empty = client.get(PAGE, {"q": "astronaut"}).content.decode()
    assert "Nobody found." in empty


def test_page_in_swedish(client, organiser):
    person("Ada")
    client.force_login(organiser)
    text = client.get(PAGE, headers={"Accept-Language": "sv"}).content.decode()
    assert "Talangdatabasen" in text and "1 person hittad" in text


def test_page_refuses_non_organisers(client):
    client.force_login(EmployerMemberFactory().user)
    assert client.get(PAGE).status_code == 403


def test_api_searches_for_organisers_only(client, organiser, bearer):
    ada = person("Ada", headline="Backend developer", skills=["Python"])
    person("Bo", headline="Sjuksköterska", sectors=[sector("vard-omsorg")])
    body = client.get(API, {"sector": "it", "q": "python"}, headers=bearer(organiser)).json()
    assert body["count"] == 1
    assert body["items"] == [
        {
            "id": ada.pk,
            "name": "Ada",
            "headline": "Backend developer",
            "city": "Stockholm",
            "sectors": ["it"],
        }
    ]
    assert AccessLog.objects.filter(action=AccessAction.API_READ, candidate=ada).count() == 1
    unknown = client.get(API, {"sector": "nope"}, headers=bearer(organiser))
    assert unknown.status_code == 422
    employer = EmployerMemberFactory().user
    assert client.get(API, headers=bearer(employer)).status_code == 403
    assert client.get(API).status_code == 401


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx)


def test_query_count_constant_at_two_sizes(client, organiser, bearer):
    client.force_login(organiser)
    headers = bearer(organiser)

    def counts():
        return (
            _queries(client, PAGE, q="developer", sector="it"),
            len(_api(client, headers)),
        )

    for i in range(3):
        person(f"A{i}", headline="Backend developer")
    counts()  # the first request with a token records its use
    small = counts()
    for i in range(40):
        person(f"B{i}", headline="Backend developer", sectors=[sector("it"), sector("ekonomi")])
    assert counts() == small


def _api(client, headers):
    with CaptureQueriesContext(connection) as ctx:
        assert (
            client.get(API, {"q": "developer", "sector": "it"}, headers=headers).status_code == 200
        )
    return ctx.captured_queries


# --- PostgreSQL: full-text search and its GIN index ------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_swedish_and_english_stemming(organiser):
    person("Sv", headline="Utvecklaren på kontoret", skills=["Kodning"])
    person("En", headline="Senior developer", skills=["Testing"])
    person("Other", headline="Kock")
    assert names(talent_search(organiser_user=organiser, text="utvecklare")) == ["Sv"]
    assert names(talent_search(organiser_user=organiser, text="developers")) == ["En"]
    assert names(talent_search(organiser_user=organiser, text="tested")) == ["En"]
    either = talent_search(organiser_user=organiser, text="utvecklare or developers")
    assert sorted(names(either)) == ["En", "Sv"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ranked_best_match_first(organiser):
    person("Once", headline="Nurse", skills=["Python"])
    person("Twice", headline="Python developer", skills=["Python", "Django"])
    assert names(talent_search(organiser_user=organiser, text="python")) == ["Twice", "Once"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_explain_uses_the_gin_index(organiser):
    person("Ada", headline="Backend developer")
    qs = talent_search(organiser_user=organiser, text="developer", sector=sector("it"))
    plan = plan_without(qs, "seqscan")
    assert "candidate_search_document_gin" in plan, plan


def test_count_stops_at_the_cap(client, organiser, bearer, monkeypatch):
    monkeypatch.setattr("candidates.search.TALENT_COUNT_CAP", 3)
    monkeypatch.setattr("backoffice.views.talent.TALENT_COUNT_CAP", 3)
    for i in range(5):
        person(f"P{i}", headline="Backend developer")
    body = client.get(API, {"q": "developer"}, headers=bearer(organiser)).json()
    assert body["count"] == 3 and len(body["items"]) == 3
    client.force_login(organiser)
    text = client.get(PAGE, {"q": "developer"}).content.decode()
    assert "3 or more people found" in text
