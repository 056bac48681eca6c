"""Who may open a back-office page: organisers; for a trip's pages its organisers; for an
organisation's pages its organisers and superusers; for creating organisations superusers."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.roles import roles_for
from events.selectors import organisation_managed_by, trip_managed_by


def organiser_required(view):
    """Log in first; then only organisers get through (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles_for(request.user).organiser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def managed_trip(view):
    """For pages below /manage/trips/<slug>/: organisers only, and only for a trip of their
    organisations (404 otherwise, so other organisations' trips stay invisible). The view
    gets the trip in place of the slug."""

    @organiser_required
    @wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        trip = trip_managed_by(request.user, slug)
        if trip is None:
            raise Http404
        return view(request, trip, *args, **kwargs)

    return wrapper


def superuser_required(view):
    """Log in first; then only superusers get through (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def managed_organisation(view):
    """For pages below /manage/organisations/<org>/: the organisation's organisers and
    superusers; 404 for other organisers (others' organisations stay invisible), 403 for
    people who organise nothing. The view gets the organisation in place of its slug."""

    @login_required
    @wraps(view)
    def wrapper(request, org, *args, **kwargs):
        if not (request.user.is_superuser or roles_for(request.user).organiser):
            raise PermissionDenied
        organisation = organisation_managed_by(request.user, org)
        if organisation is None:
            raise Http404
        return view(request, organisation, *args, **kwargs)

    return wrapper
