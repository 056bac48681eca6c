from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.forms import add_domain_error

from .forms import CandidateSignUpForm
from .services import candidate_sign_up


def candidate_signup(request):
    form = CandidateSignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            candidate = candidate_sign_up(
                email=data["email"],
                password=data["password1"],
                name=data["full_name"],
                sectors=data["sectors"],
                consent_talent_db=data["consent_talent_db"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            login(request, candidate.user)
            messages.success(
                request, _("Welcome, %(name)s! Your account is ready.") % {"name": candidate.name}
            )
            return redirect("home")
    return render(request, "candidates/signup.html", {"form": form})
