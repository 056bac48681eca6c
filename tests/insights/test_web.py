import csv
import io
import json
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook

from core.money import format_amount
from tests.factories import ApplicationFactory, CandidateFactory, TripFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def read_xlsx(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=","))


# --- API -----------------------------------------------------------------------------------


def test_sectors_api_rows(client, organiser, sector_world, bearer):
    response = client.get("/api/v1/insights/sectors", headers=bearer(organiser))
    assert response.status_code == 200
    rows = {row["sector"]: row for row in response.json()}
    assert (rows["it"]["supply"], rows["it"]["demand"]) == (4, 7)
    assert rows["it"]["by_city"][0] == {"name": "Stockholm", "count": 3}
    assert rows["it"]["by_employer"][0] == {"name": "Jämtkraft", "count": 5}
    assert len(rows["it"]["trend"]) == 12
    assert [code for code, row in rows.items() if row["suggested"]] == ["vard-omsorg"]
    why = client.get("/api/v1/insights/suggestion", headers=bearer(organiser)).json()
    assert why["sector"] == "vard-omsorg"
    assert rows["vard-omsorg"]["name"] in why["suggestion"]


def test_sectors_api_counts_only_the_organisers_employers(
    client, other_organiser, sector_world, bearer
):
    body = client.get("/api/v1/insights/sectors", headers=bearer(other_organiser)).json()
    rows = {row["sector"]: row for row in body}
    assert rows["it"]["demand"] == 0
    assert rows["it"]["supply"] == 4  # the talent database is everyone's


def test_sectors_api_refuses_non_organisers_and_anonymous(client, stranger, bearer):
    assert client.get("/api/v1/insights/sectors").status_code == 401
    response = client.get("/api/v1/insights/sectors", headers=bearer(stranger))
    assert response.status_code == 403
    assert client.get("/api/v1/insights/suggestion", headers=bearer(stranger)).status_code == 403


def test_trip_report_api(client, organiser, report_world, bearer):
    trip = report_world["trip"]
    headers = bearer(organiser)
    response = client.put(
        f"/api/v1/trips/{trip.slug}/cost",
        data=json.dumps({"amount_ore": 6_000_000, "note": "Buss"}),
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200
    body = client.get(f"/api/v1/trips/{trip.slug}/report", headers=headers).json()
    assert body["funnel"]["invited"] == 5
    assert body["funnel"]["hired"] == 1
    assert body["conversion"]["accepted"] == round(4 / 6, 4)
    assert body["cost"] == 6_000_000
    assert body["revenue"] == 3_000_000
    assert body["cost_per_hire"] == 6_000_000
    assert body["net_cost_per_hire"] == 3_000_000
    assert body["feedback"]["candidates_trip_rating"] == 4.5


def test_trip_report_api_permissions(client, other_organiser, stranger, report_world, bearer):
    slug = report_world["trip"].slug
    assert client.get(f"/api/v1/trips/{slug}/report").status_code == 401
    assert client.get(f"/api/v1/trips/{slug}/report", headers=bearer(stranger)).status_code == 403
    response = client.get(f"/api/v1/trips/{slug}/report", headers=bearer(other_organiser))
    assert response.status_code == 404
    response = client.put(
        f"/api/v1/trips/{slug}/cost",
        data=json.dumps({"amount_ore": 1}),
        content_type="application/json",
        headers=bearer(other_organiser),
    )
    assert response.status_code == 404


def test_cost_must_not_be_negative(client, organiser, report_world, bearer):
    response = client.put(
        f"/api/v1/trips/{report_world['trip'].slug}/cost",
        data=json.dumps({"amount_ore": -5}),
        content_type="application/json",
        headers=bearer(organiser),
    )
    assert response.status_code == 422
    assert "amount_ore" in response.json()["fields"]


# --- Pages ---------------------------------------------------------------------------------


def test_sectors_page_has_an_accessible_chart_and_the_table(client, organiser, sector_world):
    response = login(client, organiser).get("/manage/insights/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="chart" id="chart-sectors" role="img"' in html
    assert 'aria-labelledby="chart-sectors-title chart-sectors-desc"' in html
    assert '<title id="chart-sectors-title">Supply and demand per sector</title>' in html
    assert "<table" in html and "<caption>Supply and demand per sector</caption>" in html
    assert "Aim the next trip at Care" in html
    assert "Stockholm (3)" in html
    assert "Jämtkraft (5)" in html
    assert "<script" not in html.split("<main", 1)[-1].split("</main>")[0]


def test_sectors_csv_and_xlsx(client, organiser, sector_world):
    login(client, organiser)
    rows = read_csv(client.get("/manage/insights/?format=csv"))
    assert ["Sector", "Code", "Supply", "Demand", "Gap"] in rows
    assert ["IT", "it", "4", "7", "3"] in rows
    response = client.get("/manage/insights/?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ["Care", "vard-omsorg", 3, 9, 6] in read_xlsx(response.content)


def test_pages_permissions(client, organiser, other_organiser, stranger, report_world):
    slug = report_world["trip"].slug
    assert client.get("/manage/insights/").status_code == 302  # to the login page
    login(client, stranger)
    assert client.get("/manage/insights/").status_code == 403
    assert client.get("/manage/insights/funders/").status_code == 403
    login(client, other_organiser)
    assert client.get(f"/manage/insights/trips/{slug}/").status_code == 404
    assert client.post(f"/manage/insights/trips/{slug}/", {"amount_kr": "1"}).status_code == 404


def test_trip_report_page_enters_the_cost_and_exports(client, organiser, report_world):
    trip = report_world["trip"]
    login(client, organiser)
    response = client.post(
        f"/manage/insights/trips/{trip.slug}/", {"amount_kr": "40000", "note": "Buss"}
    )
    assert response.status_code == 302
    html = client.get(f"/manage/insights/trips/{trip.slug}/").content.decode()
    assert 'id="chart-funnel" role="img"' in html
    assert "<caption>The trip’s funnel</caption>" in html
    assert f"<dt>Cost per hire</dt><dd>{format_amount(4_000_000)}</dd>" in html  # one hire
    assert f"<dt>Cost per hire after revenue</dt><dd>{format_amount(1_000_000)}</dd>" in html
    # Person by person, the outcomes and comments are one click away.
    summary = f"/followup/trips/{trip.slug}/outcomes/"
    assert f'href="{summary}"' in html
    assert client.get(summary).status_code == 200
    rows = read_xlsx(client.get(f"/manage/insights/trips/{trip.slug}/?format=xlsx").content)
    assert ["Invited", 5, None] in rows
    assert ["Attended", 3, 0.75] in rows
    assert ["Cost per hire (kr)", 40000, None] in rows
    csv_rows = read_csv(client.get(f"/manage/insights/trips/{trip.slug}/?format=csv"))
    assert ["Hired", "1", "1.0"] in csv_rows


def test_trip_report_page_refuses_a_negative_cost(client, organiser, report_world):
    login(client, organiser)
    response = client.post(
        f"/manage/insights/trips/{report_world['trip'].slug}/", {"amount_kr": "-1"}
    )
    assert response.status_code == 200
    assert "field--error" in response.content.decode()


def test_back_office_links_to_insights_and_the_report(client, organiser, report_world):
    login(client, organiser)
    trip = report_world["trip"]
    html = client.get(f"/manage/trips/{trip.slug}/").content.decode()
    assert 'href="/manage/insights/"' in html
    assert f'href="/manage/insights/trips/{trip.slug}/"' in html


def test_sectors_page_in_swedish(organiser, sector_world):
    from django.test import Client

    client = Client(headers={"Accept-Language": "sv"})
    client.force_login(organiser)
    html = client.get("/manage/insights/").content.decode()
    assert "Tillgång och efterfrågan per sektor" in html
    assert "Sikta nästa resa mot Vård och omsorg" in html
    rows = client.get("/manage/insights/?format=csv").content.decode("utf-8-sig")
    assert "Bransch;Kod;Tillgång;Efterfrågan;Gap" in rows


# --- Funder report -------------------------------------------------------------------------


@pytest.fixture
def funder_world(organisation):
    trip = TripFactory(
        organisation=organisation,
        status="published",
        starts_at=datetime(2026, 6, 10, 9, tzinfo=UTC),
    )
    people = [
        CandidateFactory(
            name="Anna Secretname",
            email="anna.secret@example.test",
            gender="woman",
            birth_year=2004,
            born_abroad=True,
            residence_permit_status="temporary",
            residence_permit_consent_at=trip.starts_at,
        ),
        CandidateFactory(name="Bo Hiddenname", gender="man", birth_year=1980, born_abroad=False),
        CandidateFactory(name="Cy Unknown"),
    ]
    for person in people:
        ApplicationFactory(trip=trip, candidate=person, status="attended")
    ApplicationFactory(trip=trip, status="declined")  # not a participant
    return trip


def test_funder_report_counts_without_names(client, organiser, organisation, funder_world):
    login(client, organiser)
    query = {
        "organisation": organisation.pk,
        "period_from": "2026-01-01",
        "period_to": "2026-12-31",
        "format": "xlsx",
    }
    response = client.get("/manage/insights/funders/", query)
    assert response.status_code == 200
    rows = read_xlsx(response.content)
    assert ["Organisation", organisation.name, None] in rows
    assert ["Period", "2026-01-01 – 2026-12-31", None] in rows
    assert ["Participants (attended a trip)", 3, None] in rows
    assert ["Gender", "Woman", 1] in rows
    assert ["Gender", "Not given", 1] in rows
    assert ["Age band", "Under 25", 1] in rows
    assert ["Age band", "45–54", 1] in rows
    assert ["Age band", "Unknown", 1] in rows
    assert ["Born outside Sweden", "Yes", 1] in rows
    assert ["Residence permit", "Temporary residence permit", 1] in rows
    assert ["Residence permit", "Permanent residence permit", 0] in rows
    assert ["Residence permit", "Not given", 2] in rows
    assert ["Outcome", "None recorded", 3] in rows
    text = str(rows)
    for secret in ("Secretname", "Hiddenname", 'Unknown"', "@example.test"):
        assert secret not in text
    csv_text = client.get("/manage/insights/funders/", {**query, "format": "csv"}).content
    assert b"Secretname" not in csv_text and b"example.test" not in csv_text
    assert "Woman,1" in csv_text.decode("utf-8-sig")


def test_funder_report_period_outside_counts_nobody(client, organiser, organisation, funder_world):
    login(client, organiser)
    query = {
        "organisation": organisation.pk,
        "period_from": "2025-01-01",
        "period_to": "2025-12-31",
        "format": "csv",
    }
    text = client.get("/manage/insights/funders/", query).content.decode("utf-8-sig")
    assert "Participants (attended a trip),0" in text


def test_funder_report_validates_the_period_and_organisation(
    client, organiser, other_organiser, funder_world
):
    login(client, organiser)
    response = client.get(
        "/manage/insights/funders/",
        {
            "organisation": organiser.organisation_.pk,
            "period_from": "2026-12-31",
            "period_to": "2026-01-01",
            "format": "csv",
        },
    )
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()
    foreign = other_organiser.organiser_memberships.first().organisation
    response = client.get(
        "/manage/insights/funders/",
        {
            "organisation": foreign.pk,
            "period_from": "2026-01-01",
            "period_to": "2026-12-31",
            "format": "csv",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Select a valid choice" in response.content.decode()


def test_trend_export_per_sector_and_month(client, organiser, sector_world):
    from django.utils import timezone

    login(client, organiser)
    rows = read_xlsx(client.get("/manage/insights/?format=xlsx&table=trend").content)
    this_month = f"{timezone.localdate():%Y-%m}"
    assert ["Sector", "Code", "Month", "New supply", "New demand"] in rows
    assert ["IT", "it", this_month, 4, 7] in rows
    assert len([row for row in rows if row[1] == "it"]) == 12
