"""Back office: who looked at candidates' data (issue 14.5) — per trip and per candidate.

Both pages read `candidates.audit`; other organisations' trips and applicants are a 404
(`managed_trip`), and a candidate's log shows only what concerns the organiser's own
organisations (their trips, or people acting for them)."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from candidates.audit import access_log_for_candidate, access_log_for_trip
from candidates.models import AccessAction
from candidates.selectors import applicant_of_trip
from core.pagination import page_of
from events.selectors import organisations_of_organiser

from ..decorators import managed_trip

ACCESS_LOG_PAGE_SIZE = 50


class AccessLogFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Every kind of access")), *AccessAction.choices],
    )

    def action_value(self) -> str:
        return self.cleaned_data["action"] if self.is_valid() else ""


@managed_trip
def trip_access_log(request, trip):
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_for_trip(trip, action=form.action_value())
    context = {
        "trip": trip,
        "form": form,
        "page": page_of(request, entries, ACCESS_LOG_PAGE_SIZE),
    }
    return render(request, "backoffice/access_log/trip_access_log.html", context)


@managed_trip
def applicant_access_log(request, trip, pk: int):
    application = applicant_of_trip(trip, pk)
    if application is None:
        raise Http404
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_for_candidate(
        application.candidate_id,
        organisations=organisations_of_organiser(request.user),
        action=form.action_value(),
    )
    context = {
        "trip": trip,
        "application": application,
        "candidate": application.candidate,
        "form": form,
        "page": page_of(request, entries, ACCESS_LOG_PAGE_SIZE),
    }
    return render(request, "backoffice/access_log/applicant_access_log.html", context)
