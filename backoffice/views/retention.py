"""Back office: an organisation's retention policy with what is due now and within 30 days
(/manage/organisation/retention/), and the record of processing (GDPR art. 30,
/manage/privacy/processing/). `?organisation=<slug>` chooses among several organisations."""

from datetime import timedelta
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from core.roles import roles_for
from events.forms import RetentionPolicyForm
from events.models import Organisation
from events.selectors import organisations_managed_by, retention_policy
from events.services import RETENTION_LIMITS, retention_policy_update

from ..processing import processing_record
from ..retention import retention_due

SOON_DAYS = 30


def _organisers_and_superusers(view):
    """Log in first; then organisers and superusers (as on the organisation's other pages);
    403 for everyone else."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (request.user.is_superuser or roles_for(request.user).organiser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _chosen(request) -> tuple[Organisation, list[Organisation]]:
    """The organisation of `?organisation=` among those the user manages (their own; every
    one for a superuser) — 404 for any other —, else the first by name; and the list to
    switch between when there are several."""
    organisations = list(organisations_managed_by(request.user))
    slug = request.GET.get("organisation")
    chosen = next((o for o in organisations if o.slug == slug), None) if slug else None
    if chosen is None and (slug or not organisations):
        raise Http404
    switch = organisations if 1 < len(organisations) <= 20 else []
    return chosen or organisations[0], switch


@_organisers_and_superusers
def retention_settings(request):
    organisation, organisations = _chosen(request)
    form = RetentionPolicyForm(request.POST or None, instance=retention_policy(organisation))
    if request.method == "POST" and form.is_valid():
        try:
            retention_policy_update(
                organisation=organisation,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in RETENTION_LIMITS},
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The retention periods are saved."))
            url = reverse("manage:organisation_retention")
            return redirect(f"{url}?organisation={organisation.slug}")
    now = timezone.now()
    soon = now + timedelta(days=SOON_DAYS)
    due_now = retention_due(now=now, organisation=organisation)
    due_soon = retention_due(now=soon, organisation=organisation)
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "form": form,
        "rows": list(zip(due_now, due_soon, strict=True)),
        "soon": soon,
    }
    return render(request, "backoffice/retention.html", context)


@_organisers_and_superusers
def processing_record_page(request):
    organisation, organisations = _chosen(request)
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "purposes": processing_record(retention_policy(organisation)),
    }
    return render(request, "backoffice/processing.html", context)
