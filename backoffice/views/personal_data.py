"""Your data: /me/data/export/ — anyone logged in downloads everything we hold about them
(issue 14.2); /me/data/erase/ — anyone erases it, confirming their password (issue 14.3);
and organisers erasing a candidate on their behalf, with a reason."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.models import Erasure

from ..api import password_confirmed, personal_data_response
from ..decorators import managed_organisation
from ..erasure import person_erase
from ..selectors import candidate_erasable_by_organisation, erasure_impact


@login_required
@require_http_methods(["GET", "POST"])
def my_data_export(request):
    """GET: a short page with the button; POST: the ZIP (a POST, so no link prefetch or
    crawler makes one)."""
    if request.method == "POST":
        return personal_data_response(request.user)
    return render(request, "backoffice/my_data_export.html")


class EraseForm(forms.Form):
    """Confirming an erasure with one's password, checked as a login is (the lockout counts
    wrong ones)."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not password_confirmed(self.request, self.request.user, password):
            raise forms.ValidationError(_("Wrong password: nothing was erased."))
        return password


@login_required
@require_http_methods(["GET", "POST"])
def my_data_erase(request):
    """GET: what goes and what stays, and the password field; POST: erase, log out and
    show the confirmation page."""
    form = EraseForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        person_erase(user=request.user, via=Erasure.Via.WEB)
        logout(request)
        return redirect("manage:my_data_erased")
    return render(request, "backoffice/my_data_erase.html", {"form": form})


def my_data_erased(request):
    """The page after an erasure (the person is logged out by then)."""
    return render(request, "backoffice/my_data_erased.html")


class EraseOnBehalfForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Who asked, when and how (for example: asked by phone on 2 December). Kept with "
            "the record of the erasure: do not write the person's name or contact details."
        ),
    )


@managed_organisation
@require_http_methods(["GET", "POST"])
def candidate_erase(request, organisation, candidate_id: int):
    """An organiser (or a superuser) erases a candidate who applied to or was invited to one
    of the organisation's trips, on the person's behalf: GET shows what will be erased, POST
    with a reason erases it. Other people's ids are a 404."""
    candidate = candidate_erasable_by_organisation(organisation, candidate_id)
    if candidate is None:
        raise Http404
    form = EraseOnBehalfForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            person_erase(
                user=candidate.user,
                via=Erasure.Via.ORGANISER,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The person's data is erased. They have been emailed."))
            return redirect("manage:trip_list")
    context = {
        "organisation": organisation,
        "candidate": candidate,
        "impact": erasure_impact(candidate, organisation),
        "form": form,
    }
    return render(request, "backoffice/candidate_erase.html", context)
