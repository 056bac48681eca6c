"""The tasks pages (issue 13.2, 13.3): my tasks (or all of my organisations', or the
overdue ones), a case's task form, done / reopen, edit, the job tip form with the partner's
and the person's matching hiring needs, and the partner's matches. Coordinators and
organisers only (access.coordinator_required); a case or task of another organisation 404."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.pagination import page_of

from .access import case_of, coordinator_required, coordinators_of
from .forms_tasks import JobTipForm, TaskForm
from .matching import partner_matches, person_matches
from .models import CaseTask, FollowUpCase
from .task_selectors import my_tasks, task_of, tasks_of_case
from .task_services import (
    job_tip_send,
    task_create,
    task_delete,
    task_done,
    task_reopen,
    task_update,
)

TASK_FILTERS = ("mine", "all", "overdue")


def _case_or_404(request: HttpRequest, pk: int) -> FollowUpCase:
    case = case_of(request.user, pk)
    if case is None:
        raise Http404
    return case


def _task_or_404(request: HttpRequest, pk: int) -> CaseTask:
    task = task_of(request.user, pk)
    if task is None:
        raise Http404
    return task


def _next(request: HttpRequest, default: str) -> str:
    """Back where the form was (the case page, the task list), if it is on this site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else default


def case_tasks_context(case: FollowUpCase, *, form: TaskForm | None = None) -> dict:
    """The context of `followup/_case_tasks.html` for a case's page."""
    return {
        "case": case,
        "tasks": list(tasks_of_case(case)),
        "coordinators": list(coordinators_of(case.organisation)),
        "task_form": form or TaskForm(case=case),
    }


def job_tip_context(case: FollowUpCase, *, form: JobTipForm | None = None) -> dict:
    """The context of `followup/_job_tip.html`: the form and the matching hiring needs."""
    return {
        "case": case,
        "job_tip_form": form or JobTipForm(case=case),
        "partner_matches": partner_matches(case),
        "person_matches": person_matches(case),
    }


@coordinator_required
def task_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "mine")
    if show not in TASK_FILTERS:
        show = "mine"
    tasks = my_tasks(request.user, everyone=show == "all", overdue_only=show == "overdue")
    return render(
        request,
        "followup/task_list.html",
        {"page": page_of(request, tasks, 50), "show": show, "section": "tasks"},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def task_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    form = TaskForm(request.POST or None, case=case, initial={"assignee": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task_create(
                case=case,
                actor=request.user,  # type: ignore[arg-type]
                kind=data["kind"],
                title=data["title"],
                due_on=data["due_on"],
                assignee=data["assignee"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The task is added."))
            return redirect(_next(request, reverse("followup_task_list")))
    return render(
        request,
        "followup/task_form.html",
        {**case_tasks_context(case, form=form), "next": _next(request, "")},
    )


@require_POST
@coordinator_required
def task_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    if request.POST.get("reopen"):
        task_reopen(task=task, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("“%(task)s” is open again.") % {"task": task.title})
    else:
        task_done(task=task, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("“%(task)s” is done.") % {"task": task.title})
    return redirect(_next(request, reverse("followup_task_list")))


@require_http_methods(["GET", "POST"])
@coordinator_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    case = task.case
    back = _next(request, reverse("followup_task_list"))
    if request.method == "POST" and request.POST.get("delete"):
        task_delete(task=task, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("“%(task)s” is deleted.") % {"task": task.title})
        return redirect(back)
    initial = {
        "kind": task.kind,
        "title": task.title,
        "due_on": task.due_on,
        "assignee": task.assignee_id,
    }
    form = TaskForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task_update(
                task=task,
                actor=request.user,  # type: ignore[arg-type]
                kind=data["kind"],
                title=data["title"],
                due_on=data["due_on"],
                assignee=data["assignee"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The task is saved."))
            return redirect(back)
    return render(
        request,
        "followup/task_edit.html",
        {"task": task, "case": case, "form": form, "next": _next(request, "")},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def job_tip(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    initial = {}
    if request.GET.get("need", "").isdigit():
        initial["hiring_need"] = int(request.GET["need"])
    form = JobTipForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_tip_send(
                case=case,
                actor=request.user,  # type: ignore[arg-type]
                hiring_need_id=data["hiring_need"].pk if data["hiring_need"] else None,
                link=data["link"],
                message=data["message"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The job tip is on its way to %(email)s and in the contact log.")
                % {"email": case.email},
            )
            return redirect(_next(request, reverse("followup_job_tip", kwargs={"pk": case.pk})))
    return render(
        request,
        "followup/job_tip.html",
        {**job_tip_context(case, form=form), "next": _next(request, "")},
    )


@coordinator_required
def partner_matches_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    return render(
        request,
        "followup/partner_matches.html",
        {"case": case, "partner_matches": partner_matches(case)},
    )
