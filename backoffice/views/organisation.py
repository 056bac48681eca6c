"""Back office: running an organisation (its details and logo, its billing details, its
organisers) and, for superusers, creating organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exceptions import ApplicationError
from core.forms import InvitationForm, LogoForm, add_domain_error, form_data
from core.pagination import page_of
from events.forms import OrganisationBillingForm, OrganisationCreateForm, OrganisationForm
from events.selectors import (
    organisations_of_organiser,
    organisations_overview,
    organiser_invitation_open_of,
    organiser_invitations_pending,
    organiser_membership_of,
    organisers_of,
)
from events.services import (
    organisation_billing_update,
    organisation_create,
    organisation_logo_set,
    organisation_update,
    organiser_invitation_create,
    organiser_invitation_revoke,
    organiser_remove,
)
from followup.selectors import (
    coordinator_invitation_open_of,
    coordinator_invitations_pending,
    coordinator_membership_of,
    coordinator_memberships_of,
)
from followup.services import coordinator_invitation_revoke, coordinator_invite, coordinator_remove

from ..decorators import managed_organisation, organiser_required, superuser_required


@login_required
def organisation_home(request):
    """/manage/organisation/: the settings of the organiser's organisation (the first by name
    if several); for a superuser who organises nothing, the list of all organisations."""
    organisation = organisations_of_organiser(request.user).order_by("name", "id").first()
    if organisation is not None:
        return redirect("manage:organisation_settings", org=organisation.slug)
    if request.user.is_superuser:
        return redirect("manage:organisation_list")
    raise PermissionDenied


def _context(request, organisation, **extra) -> dict:
    """What every page of an organisation shows: which one it is, and (to switch) the
    organisations the user organises if more than one."""
    mine = list(organisations_of_organiser(request.user).order_by("name", "id"))
    return {"organisation": organisation, "organisations": mine if len(mine) > 1 else [], **extra}


@managed_organisation
def organisation_settings(request, organisation):
    form = OrganisationForm(*form_data(request), instance=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_update(
                organisation=organisation, actor=request.user, **form.organisation_fields()
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The organisation's details are saved."))
            return redirect("manage:organisation_settings", org=organisation.slug)
    context = _context(request, organisation, form=form)
    return render(request, "backoffice/organisation/settings.html", context)


@managed_organisation
def organisation_logo_upload(request, organisation):
    form = LogoForm(*form_data(request, files=True))
    if request.method == "POST" and form.is_valid():
        try:
            organisation_logo_set(
                organisation=organisation, actor=request.user, file=form.cleaned_data["logo"]
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The logo is saved."))
            return redirect("manage:organisation_settings", org=organisation.slug)
    return render(
        request,
        "backoffice/organisation/logo_form.html",
        _context(request, organisation, form=form),
    )


@managed_organisation
def organisers(request, organisation):
    """The organisers and pending invitations, and the form to invite (POSTed here)."""
    form = InvitationForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = organiser_invitation_create(
                organisation=organisation,
                actor=request.user,
                email=form.cleaned_data["email"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "We have sent an invitation to %(email)s. They become an organiser once "
                    "they accept it; the link is valid for 14 days."
                )
                % {"email": invitation.email},
            )
            return redirect("manage:organisers", org=organisation.slug)
    return _organisers_page(request, organisation, form=form)


def _organisers_page(request, organisation, *, form=None, coordinator_form=None, status=200):
    """The organisers page: organisers and relocation coordinators, each with their pending
    invitations and the form to invite one."""
    now = timezone.now()
    context = _context(
        request,
        organisation,
        form=form if form is not None else InvitationForm(),
        members=list(organisers_of(organisation)),
        invitations=list(organiser_invitations_pending(organisation, now=now)),
        coordinator_form=(
            coordinator_form
            if coordinator_form is not None
            else InvitationForm(prefix="coordinator")
        ),
        coordinators=list(coordinator_memberships_of(organisation)),
        coordinator_invitations=list(coordinator_invitations_pending(organisation, now=now)),
    )
    return render(request, "backoffice/organisation/organisers.html", context, status=status)


@require_POST
@managed_organisation
def coordinator_invite_view(request, organisation):
    """Invite a relocation coordinator (the form on the organisers page)."""
    form = InvitationForm(request.POST, prefix="coordinator")
    if form.is_valid():
        try:
            invitation = coordinator_invite(
                organisation=organisation,
                actor=request.user,
                email=form.cleaned_data["email"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "We have sent an invitation to %(email)s. They become a relocation "
                    "coordinator once they accept it; the link is valid for 14 days."
                )
                % {"email": invitation.email},
            )
            return redirect(reverse("manage:organisers", kwargs={"org": organisation.slug}))
    return _organisers_page(request, organisation, coordinator_form=form, status=422)


def _invitation_revoked(request, organisation, invitation, revoke):
    """Withdraw an open invitation of the organisers page (organiser or coordinator)."""
    if invitation is None:
        raise Http404
    revoke(invitation=invitation, actor=request.user)
    messages.success(
        request,
        _("The invitation to %(email)s is withdrawn: its link no longer works.")
        % {"email": invitation.email},
    )
    return redirect("manage:organisers", org=organisation.slug)


@require_POST
@managed_organisation
def coordinator_invitation_revoke_view(request, organisation, pk: int):
    invitation = coordinator_invitation_open_of(organisation, pk)
    return _invitation_revoked(request, organisation, invitation, coordinator_invitation_revoke)


@require_POST
@managed_organisation
def coordinator_remove_view(request, organisation, pk: int):
    """Remove a relocation coordinator: their open cases and tasks become nobody's."""
    membership = coordinator_membership_of(organisation, pk)
    if membership is None:
        raise Http404
    coordinator_remove(organisation=organisation, actor=request.user, membership=membership)
    messages.success(
        request,
        _("%(name)s is no longer a relocation coordinator of %(organisation)s.")
        % {
            "name": membership.user.get_full_name() or membership.user.email,
            "organisation": organisation.name,
        },
    )
    return redirect("manage:organisers", org=organisation.slug)


@require_POST
@managed_organisation
def organiser_invitation_revoke_view(request, organisation, pk: int):
    invitation = organiser_invitation_open_of(organisation, pk)
    return _invitation_revoked(request, organisation, invitation, organiser_invitation_revoke)


@require_POST
@managed_organisation
def organiser_remove_view(request, organisation, pk: int):
    """Remove an organiser, or leave (one's own membership): the first POST asks to confirm,
    the second (confirm=yes) acts."""
    membership = organiser_membership_of(organisation, pk)
    if membership is None:
        raise Http404
    leaving = membership.user_id == request.user.pk
    if request.POST.get("confirm") != "yes":
        context = _context(request, organisation, membership=membership, leaving=leaving)
        return render(request, "backoffice/organisation/organiser_confirm.html", context)
    try:
        organiser_remove(organisation=organisation, actor=request.user, membership=membership)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("manage:organisers", org=organisation.slug)
    if leaving:
        messages.success(
            request,
            _("You are no longer an organiser of %(organisation)s.")
            % {"organisation": organisation.name},
        )
        return redirect("manage:organisation")
    messages.success(
        request,
        _("%(name)s is no longer an organiser of %(organisation)s.")
        % {"name": membership.user.get_full_name(), "organisation": organisation.name},
    )
    return redirect("manage:organisers", org=organisation.slug)


# --- Superusers: every organisation, and creating one ----------------------------------------


@superuser_required
def organisation_list(request):
    page = page_of(request, organisations_overview())
    return render(request, "backoffice/organisation/organisation_list.html", {"page": page})


@superuser_required
def organisation_create_view(request):
    form = OrganisationCreateForm(*form_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            organisation = organisation_create(
                actor=request.user,
                name=data["name"],
                slug=data["slug"],
                contact_email=data["contact_email"],
                first_organiser_email=data["first_organiser_email"],
                language=translation.get_language() or "sv",
            )
        except ApplicationError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "%(organisation)s is created. We have sent an invitation to %(email)s: "
                    "they become its first organiser once they accept it."
                )
                % {"organisation": organisation.name, "email": data["first_organiser_email"]},
            )
            return redirect("manage:organisation_list")
    return render(request, "backoffice/organisation/organisation_form.html", {"form": form})


# --- Billing details (what its invoices say about it; only what invoices need) ----------------


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
