from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insights.selectors import sector_insights, trip_report
from insights.services import trip_cost_set
from tests.factories import EmployerFactory, HiringNeedFactory, sector

from .conftest import consenting

pytestmark = pytest.mark.django_db


def rows_by_code(insights):
    return {row.code: row for row in insights.rows}


def test_supply_counts_consenting_people_and_demand_our_open_positions(sector_world, organisation):
    rows = rows_by_code(sector_insights([organisation.pk]))
    assert (rows["it"].supply, rows["it"].demand) == (4, 7)
    assert rows["it"].by_city == [("Stockholm", 3), ("Malmö", 1)]
    assert rows["it"].by_employer == [("Jämtkraft", 5), ("Region Jämtland Härjedalen", 2)]
    assert (rows["vard-omsorg"].supply, rows["vard-omsorg"].demand) == (3, 9)
    assert (rows["pedagogik"].supply, rows["pedagogik"].demand) == (1, 20)
    assert (rows["ekonomi"].supply, rows["ekonomi"].demand) == (0, 0)


def test_every_organisation_counts_when_none_is_given(sector_world):
    assert rows_by_code(sector_insights(None))["it"].demand == 57


def test_trend_counts_new_people_and_positions_per_month(sector_world, organisation):
    it = sector("it")
    consenting("Luleå", [it], consent_at=timezone.now() - timedelta(days=65))
    HiringNeedFactory(
        employer=EmployerFactory(organisation=organisation),
        sector=it,
        positions=3,
        created_at=timezone.now() - timedelta(days=65),
    )
    consenting("Luleå", [it], consent_at=timezone.now() - timedelta(days=800))  # too old
    insights = sector_insights([organisation.pk])
    trend = rows_by_code(insights)["it"].trend
    assert len(trend) == 12
    assert trend[-1][1:] == (4, 7)  # this month: the world's people and positions
    assert sum(t[1] for t in trend) == 5
    assert sum(t[2] for t in trend) == 10
    assert [t[0] for t in trend] == insights.months


def test_suggestion_names_the_sector_with_the_largest_gap_and_enough_people(
    sector_world, organisation
):
    insights = sector_insights([organisation.pk])
    # Teaching has the largest gap (19) but one person; care 6; IT 3.
    assert insights.suggested.code == "vard-omsorg"
    assert "Care" in insights.suggestion
    assert "9 open positions" in insights.suggestion
    assert "3 consenting people" in insights.suggestion


def test_no_suggestion_without_demand(organisation):
    consenting("Stockholm", [sector("it")])
    insights = sector_insights([organisation.pk])
    assert insights.suggested is None
    assert insights.suggestion == "No employer has open positions in hiring needs yet."


def test_queries_do_not_grow_with_the_data(organisation):
    it, care = sector("it"), sector("vard-omsorg")
    employer = EmployerFactory(organisation=organisation)

    def grow(n):
        for i in range(n):
            consenting(f"City {i}", [it, care])
            HiringNeedFactory(employer=employer, sector=care, positions=1)

    grow(2)
    with CaptureQueriesContext(connection) as small:
        sector_insights([organisation.pk])
    grow(20)
    with CaptureQueriesContext(connection) as large:
        insights = sector_insights([organisation.pk])
    assert rows_by_code(insights)["vard-omsorg"].supply == 22
    assert len(small) == len(large)
    assert len(large) == 5  # sectors, supply with its trend, demand, by employer, demand trend


def test_funnel_conversion_and_cost_per_hire(report_world, organiser):
    trip = report_world["trip"]
    trip_cost_set(trip=trip, actor=organiser, amount_ore=4_000_000, note="Bus and hotel")
    report = trip_report(trip)
    assert report.funnel == {
        "invited": 5,
        "applied": 6,
        "accepted": 4,
        "attended": 3,
        "meetings": 2,
        "offers": 1,
        "hired": 1,
        "moved": 1,
    }
    assert report.conversion["attended"] == 0.75
    assert report.conversion["meetings"] == round(2 / 3, 4)
    assert report.conversion["offers"] == 0.5
    assert report.revenue_ore == 3_000_000
    assert report.cost_ore == 4_000_000
    assert report.cost_per_hire_ore == 4_000_000
    assert report.net_cost_per_hire_ore == 1_000_000
    assert report.feedback["candidates_trip_rating"] == 4.5
    assert report.feedback["employers_rating"] == 3.0
    assert report.feedback["employers_candidates_rating"] == 2.0


def test_no_cost_per_hire_until_cost_and_hires(report_world):
    report = trip_report(report_world["trip"])
    assert report.cost_ore is None
    assert report.cost_per_hire_ore is None
