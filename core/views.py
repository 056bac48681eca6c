from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from .roles import roles_for


def organiser_required(view):
    """Log in first; then only organisers get through (others get 403)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not roles_for(request.user).organiser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
