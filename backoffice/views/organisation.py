"""Back office: the organisation's billing details (what its invoices say about it).

The organisation's other details have their own page; this one edits only what invoices need.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.exceptions import ApplicationError
from core.forms import add_domain_error
from events.forms import OrganisationBillingForm
from events.selectors import organisations_of_organiser
from events.services import organisation_billing_update

from ..decorators import organiser_required


@organiser_required
def organisation_billing(request):
    """`?organisation=<slug>` chooses among several organisations; the first by name else."""
    organisations = list(organisations_of_organiser(request.user).order_by("name", "id"))
    slug = request.GET.get("organisation")
    organisation = next((o for o in organisations if o.slug == slug), None) if slug else None
    if organisation is None and slug:
        raise Http404
    organisation = organisation or (organisations[0] if organisations else None)
    if organisation is None:
        raise Http404
    missing = organisation.billing_missing  # as saved (the form changes the instance)
    form = OrganisationBillingForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_billing_update(
                organisation=organisation,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in form.Meta.fields},
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The billing details are saved."))
            url = reverse("manage:organisation_billing")
            return redirect(f"{url}?organisation={organisation.slug}")
    context = {
        "form": form,
        "organisation": organisation,
        "missing": missing,
        "organisations": organisations if len(organisations) > 1 else [],
    }
    return render(request, "backoffice/organisation/billing.html", context)
