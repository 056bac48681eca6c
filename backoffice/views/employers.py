"""Back office: the employers registered with the organiser's organisations, approving them,
and their hiring needs by sector."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pagination import page_of
from employers.selectors import employer_managed_by, employers_managed_by, hiring_needs_by_sector
from employers.services import employer_approve_and_notify

from ..decorators import organiser_required


@organiser_required
def employer_list(request):
    page = page_of(request, employers_managed_by(request.user))
    return render(request, "backoffice/employers/employer_list.html", {"page": page})


@require_POST
@organiser_required
def employer_approve(request, pk: int):
    employer = employer_managed_by(request.user, pk)
    if employer is None:
        raise Http404
    employer_approve_and_notify(employer=employer, actor=request.user)
    messages.success(request, _("%(employer)s is approved.") % {"employer": employer.name})
    return redirect("manage:employer_list")


@organiser_required
def hiring_needs(request):
    page = page_of(request, hiring_needs_by_sector(request.user))
    return render(request, "backoffice/employers/hiring_needs.html", {"page": page})
