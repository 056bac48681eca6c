from django.contrib import messages
from django.contrib.auth import login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.views import organiser_required

from .forms import EmployerSignUpForm
from .selectors import employer_managed_by, employers_managed_by
from .services import employer_approve, employer_sign_up


def employer_signup(request):
    form = EmployerSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            employer = employer_sign_up(
                email=data["email"],
                password=data["password1"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                name=data["company_name"],
                org_number=data["org_number"],
                sectors=data["sectors"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            login(request, employer.members.get())
            messages.info(
                request,
                _(
                    "Thank you! %(employer)s is registered with %(organisation)s. Your account "
                    "awaits approval by an organiser."
                )
                % {"employer": employer.name, "organisation": employer.organisation.name},
            )
            return redirect("home")
    return render(request, "employers/signup.html", {"form": form})


@organiser_required
def manage_employer_list(request):
    page = Paginator(employers_managed_by(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "employers/manage/employer_list.html", {"page": page})


@require_POST
@organiser_required
def manage_employer_approve(request, pk: int):
    employer = employer_managed_by(request.user, pk)
    if employer is None:
        raise Http404
    employer_approve(employer=employer, actor=request.user)
    messages.success(request, _("%(employer)s is approved.") % {"employer": employer.name})
    return redirect("manage:employer_list")
