"""The coordinator's pages (issue 13.1–13.2): the caseload, a new case, a case with its
household, stage, links, tasks and contact log, the edit (optimistic locking: a conflict
keeps what was typed), and the page a coordinator invitation's link opens.

Who may see what is `access`'s answer: coordinators and organisers of the case's
organisation; a case of another organisation is a 404, someone who follows up nothing a 403."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.audit import access_record, request_via
from candidates.models import AccessAction
from core.exceptions import ApplicationError
from core.forms import add_domain_error, form_data
from core.models import User
from core.pagination import page_of
from core.views import invitation_page

from .access import case_of, coordinator_required, coordinators_of, organisations_followed_by
from .forms import CaseFilterForm, CaseForm, ContactForm, StageForm, children_text
from .models import FollowUpCase
from .selectors import (
    case_contacts,
    case_history,
    case_links,
    case_tasks,
    caseload,
    caseload_trips,
    coordinator_invitation_for_token,
)
from .services import (
    case_create,
    case_update,
    contact_add,
    coordinator_invitation_accept,
)
from .stages import CaseConflict, case_stage_set


def _case_or_404(request, pk: int) -> FollowUpCase:
    case = case_of(request.user, pk)
    if case is None:
        raise Http404
    return case


def _coordinators(user):
    """Everyone who can be given a case in the organisations `user` follows up."""
    organisations = organisations_followed_by(user)
    return (
        User.objects.filter(
            Q(coordinator_memberships__organisation__in=organisations)
            | Q(organiser_memberships__organisation__in=organisations),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@coordinator_required
def case_list(request):
    coordinators = _coordinators(request.user)
    form = CaseFilterForm(
        request.GET or None, coordinators=coordinators, trips=caseload_trips(request.user)
    )
    filters = form.filters() if request.GET else {}
    page = page_of(request, caseload(request.user, **filters))
    context = {"form": form, "page": page, "filtered": any(filters.values())}
    return render(request, "followup/case_list.html", context)


@coordinator_required
def case_new(request):
    organisations = organisations_followed_by(request.user).order_by("name")
    form = CaseForm(
        *form_data(request), organisations=organisations, coordinators=_coordinators(request.user)
    )
    existing = None
    if request.method == "POST" and form.is_valid():
        try:
            case = case_create(
                organisation=form.cleaned_data["organisation"],
                actor=request.user,
                **form.case_fields(),
            )
        except ApplicationError as error:
            add_domain_error(form, error)
            existing = case_of(request.user, error.extra.get("existing_case") or 0)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("followup_case_detail", pk=case.pk)
    return render(
        request, "followup/case_form.html", {"form": form, "case": None, "existing": existing}
    )


def _detail(request, case, *, stage_form=None, contact_form=None, status=200):
    if case.candidate_id:  # the audit of a profile's data (a case without one has no profile)
        access_record(
            actor=request.user,
            action=AccessAction.CASE_VIEW,
            candidates=case.candidate_id,
            organisation=case.organisation_id,
            via=request_via(request),
        )
    now = timezone.localtime()
    context = {
        "case": case,
        "links": case_links(case),
        "history": case_history(case),
        "contacts": case_contacts(case),
        "tasks": case_tasks(case),
        "children": case.children,
        "stage_form": stage_form
        or StageForm(initial={"stage": case.stage, "version": case.version}),
        "contact_form": contact_form
        or ContactForm(initial={"occurred_at": now.replace(second=0, microsecond=0)}),
    }
    return render(request, "followup/case_detail.html", context, status=status)


@coordinator_required
def case_detail(request, pk: int):
    return _detail(request, _case_or_404(request, pk))


@coordinator_required
def case_edit(request, pk: int):
    case = _case_or_404(request, pk)
    organisations = organisations_followed_by(request.user).filter(pk=case.organisation_id)
    kwargs = {
        "organisations": organisations,
        "coordinators": coordinators_of(case.organisation),
        "from_trip": case.source == "trip",
    }
    initial = {
        "organisation": case.organisation,
        "children": children_text(case.children),
        "version": case.version,
        **{
            name: getattr(case, name)
            for name in (
                "name",
                "email",
                "phone",
                "city",
                "source",
                "source_note",
                "assignee",
                "partner_name",
                "partner_occupation",
                "partner_looking_for_work",
                "housing_need",
                "housing_from",
                "housing_where",
                "notes",
            )
        },
    }
    form = CaseForm(*form_data(request), initial=initial, **kwargs)
    conflict = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            case = case_update(
                case=case,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                **form.case_fields(),
            )
        except CaseConflict as error:
            # Keep what they typed; the next save starts from the version now saved, so it
            # replaces the other person's changes only if they choose to save again.
            conflict = case_of(request.user, case.pk)
            data = request.POST.copy()
            data["version"] = str(error.extra["current_version"])
            form = CaseForm(data, initial=initial, **kwargs)
            form.is_valid()
            form.add_error(None, error.message)
            status = 409
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("followup_case_detail", pk=case.pk)
    context = {"form": form, "case": case, "conflict": conflict}
    return render(request, "followup/case_form.html", context, status=status)


@require_POST
@coordinator_required
def case_stage(request, pk: int):
    case = _case_or_404(request, pk)
    form = StageForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case_stage_set(
                case=case,
                actor=request.user,
                stage=data["stage"],
                closed_reason=data["closed_reason"],
                note=data["note"],
                expected_version=data["version"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
            case = _case_or_404(request, pk)
            return _detail(request, case, stage_form=form, status=error.status_code)
        messages.success(request, _("The stage is saved."))
        return redirect("followup_case_detail", pk=case.pk)
    return _detail(request, case, stage_form=form, status=422)


@require_POST
@coordinator_required
def case_contact_add(request, pk: int):
    case = _case_or_404(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            contact_add(
                case=case,
                actor=request.user,
                occurred_at=data["occurred_at"],
                channel=data["channel"],
                note=data["note"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The contact is added to the log."))
            return redirect(reverse("followup_case_detail", kwargs={"pk": case.pk}) + "#contacts")
    return _detail(request, case, contact_form=form, status=422)


def coordinator_invitation(request, token: str):
    """The page a coordinator invitation's link opens: log in or sign up, then accept."""
    invitation = coordinator_invitation_for_token(token)
    name = invitation.organisation.name if invitation else ""
    return invitation_page(
        request,
        invitation,
        accept=coordinator_invitation_accept,
        title=_("Become a relocation coordinator of %(organisation)s") % {"organisation": name},
        about=_(
            "Relocation coordinators follow the people who attended its trips, and others who "
            "get in touch, with their households: job tips, housing, the partner's job, "
            "preschool and school places."
        ),
        accepted_message=_("Welcome! You are now a relocation coordinator of %(organisation)s.")
        % {"organisation": name},
        done_url=reverse("followup_case_list"),
    )
