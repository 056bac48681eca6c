"""The organisers' insights pages: sectors (supply against demand), a trip's report with its
cost, and the funder report. Charts are server-side SVG with the same numbers as a table;
every page exports its table as CSV and XLSX (?format=csv / ?format=xlsx)."""

from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.money import format_amount as kr
from core.roles import roles_for
from events.selectors import organisations_of_organiser, trip_managed_by

from .charts import Series, bar_chart
from .exports import csv_response, xlsx_response
from .forms import FunderReportForm, TripCostForm
from .selectors import FUNNEL_STAGES, funder_report, funnel_labels, sector_insights, trip_report
from .services import trip_cost_set


def organiser_required(view):
    """Log in first; then only organisers get through (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles_for(request.user).organiser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _export(request, filename: str, sheet: str, preamble, header, rows) -> HttpResponse | None:
    kind = request.GET.get("format")
    if kind == "csv":
        return csv_response(filename, preamble=preamble, header=header, rows=rows)
    if kind == "xlsx":
        return xlsx_response(
            filename, sheet_title=sheet, preamble=preamble, header=header, rows=rows
        )
    return None


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{formats.number_format(round(value * 100), 0)} %"


@organiser_required
def sectors(request):
    org_ids = list(organisations_of_organiser(request.user).values_list("pk", flat=True))
    insights = sector_insights(org_ids)
    header = [
        _("Sector"),
        pgettext("insights", "Code"),
        pgettext("insights", "Supply"),
        _("Demand"),
        pgettext("insights", "Gap"),
    ]
    rows = [[r.name, r.code, r.supply, r.demand, r.gap] for r in insights.rows]
    if request.GET.get("table") == "trend":
        exported = _export(
            request,
            "insights-trend",
            _("Trend"),
            [[_("New supply and demand per month")]],
            [
                _("Sector"),
                pgettext("insights", "Code"),
                _("Month"),
                _("New supply"),
                _("New demand"),
            ],
            [
                [r.name, r.code, f"{month:%Y-%m}", supply, demand]
                for r in insights.rows
                for month, supply, demand in r.trend
            ],
        )
    else:
        exported = _export(
            request,
            "insights-sectors",
            _("Sectors"),
            [[_("Supply and demand per sector")]],
            header,
            rows,
        )
    if exported:
        return exported
    labels = [r.name for r in insights.rows]
    chart = bar_chart(
        chart_id="chart-sectors",
        title=_("Supply and demand per sector"),
        description=_(
            "For each sector, people in the talent database against open positions; the same "
            "numbers are in the table below."
        ),
        labels=labels,
        series=[
            Series(pgettext("insights", "Supply"), [r.supply for r in insights.rows]),
            Series(_("Demand"), [r.demand for r in insights.rows]),
        ],
    )
    month_labels = [formats.date_format(m, "YEAR_MONTH_FORMAT") for m in insights.months]
    trend = [
        (
            label,
            sum(r.trend[i][1] for r in insights.rows),
            sum(r.trend[i][2] for r in insights.rows),
        )
        for i, label in enumerate(month_labels)
    ]
    trend_chart = bar_chart(
        chart_id="chart-trend",
        title=_("New supply and demand per month"),
        description=_(
            "People who joined the talent database and open positions added each month, the "
            "last 12 months, all sectors; the same numbers are in the table below."
        ),
        labels=month_labels,
        series=[
            Series(_("New supply"), [t[1] for t in trend]),
            Series(_("New demand"), [t[2] for t in trend]),
        ],
    )
    context = {
        "insights": insights,
        "chart": chart,
        "trend_chart": trend_chart,
        "trend": trend,
    }
    return render(request, "insights/sectors.html", context)


@organiser_required
def trip(request, slug):
    trip = trip_managed_by(request.user, slug)
    if trip is None:
        raise Http404
    if request.method == "POST":
        form = TripCostForm(request.POST)
        if form.is_valid():
            trip_cost_set(
                trip=trip,
                actor=request.user,
                amount_ore=form.amount_ore,
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("The trip's cost is saved."))
            return redirect("insights:trip", slug=trip.slug)
    else:
        form = None
    report = trip_report(trip)
    labels = funnel_labels()
    stages = [
        (labels[s], report.funnel[s], report.conversion.get(s), _percent(report.conversion.get(s)))
        for s in FUNNEL_STAGES
    ]
    header = [
        pgettext("insights", "Stage"),
        pgettext("insights", "People"),
        _("Of the previous stage"),
    ]
    rows = [[label, n, "" if rate is None else rate] for label, n, rate, _text in stages]
    preamble = [
        [_("Trip report"), trip.title],
        [_("Cost (kr)"), "" if report.cost_ore is None else report.cost_ore / 100],
        [_("Revenue (kr)"), report.revenue_ore / 100],
        [
            _("Cost per hire (kr)"),
            "" if report.cost_per_hire_ore is None else report.cost_per_hire_ore / 100,
        ],
    ]
    exported = _export(request, f"report-{trip.slug}", _("Trip report"), preamble, header, rows)
    if exported:
        return exported
    if form is None:
        initial = {}
        if report.cost_ore is not None:
            initial = {"amount_kr": Decimal(report.cost_ore) / 100, "note": report.cost_note}
        form = TripCostForm(initial=initial)
    chart = bar_chart(
        chart_id="chart-funnel",
        title=_("The trip’s funnel"),
        description=_(
            "People at each stage from invited to moved here; the same numbers are in the "
            "table below."
        ),
        labels=[s[0] for s in stages],
        series=[Series(pgettext("insights", "People"), [s[1] for s in stages])],
    )
    money = {
        "cost": kr(report.cost_ore) if report.cost_ore is not None else None,
        "revenue": kr(report.revenue_ore),
        "per_hire": kr(report.cost_per_hire_ore) if report.cost_per_hire_ore is not None else None,
        "net_per_hire": (
            kr(report.net_cost_per_hire_ore) if report.net_cost_per_hire_ore is not None else None
        ),
    }
    context = {
        "trip": trip,
        "report": report,
        "stages": stages,
        "chart": chart,
        "form": form,
        "money": money,
    }
    return render(request, "insights/trip.html", context)


@organiser_required
def funders(request):
    organisations = organisations_of_organiser(request.user).order_by("name")
    form = FunderReportForm(request.GET or None, organisations=organisations)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        report = funder_report(
            organisation_id=data["organisation"].pk,
            period_from=data["period_from"],
            period_to=data["period_to"],
        )
        preamble = [
            [_("Participant indicators")],
            [_("Organisation"), report.organisation_name],
            [
                pgettext("insights", "Period"),
                f"{report.period_from:%Y-%m-%d} – {report.period_to:%Y-%m-%d}",
            ],
            [_("Participants (attended a trip)"), report.participants],
        ]
        header = [
            pgettext("insights", "Indicator"),
            pgettext("insights", "Category"),
            _("Participants"),
        ]
        rows = [list(row) for row in report.rows]
        slug = data["organisation"].slug
        filename = f"participants-{slug}-{report.period_from:%Y%m%d}-{report.period_to:%Y%m%d}"
        if data["format"] == "csv":
            return csv_response(filename, preamble=preamble, header=header, rows=rows)
        return xlsx_response(
            filename, sheet_title=_("Participants"), preamble=preamble, header=header, rows=rows
        )
    return render(request, "insights/funders.html", {"form": form})
