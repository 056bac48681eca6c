"""The one NinjaAPI: default auth, pagination settings and every error in one JSON shape.

Error shape: {"detail": "<human-readable>", "fields": {"<field>": ["<message>", ...]}}
(`fields` only for validation errors; state errors add `current_status`).
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from backoffice.api import me_router as backoffice_me_router
from backoffice.api import router as backoffice_router
from candidates.api import router as candidates_router
from core.api import router as core_router
from core.auth import DEFAULT_AUTH
from core.exceptions import ApplicationError
from core.validation_messages import validation_message
from employers.api import router as employers_router
from events.api import router as events_router
from followup.api_cases import router as followup_cases_router
from followup.api_outcomes import router as followup_outcomes_router
from followup.api_tasks import router as followup_tasks_router
from insights.api import router as insights_router
from itineraries.api import router as itineraries_router
from itineraries.meetings_api import router as meetings_router

logger = logging.getLogger(__name__)

_ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorOut"}
_ERROR_BODY = {"content": {"application/json": {"schema": _ERROR_SCHEMA}}}
_UNSAFE_METHODS = {"post", "put", "patch", "delete"}


class Api(NinjaAPI):
    """Our NinjaAPI. Its OpenAPI document also declares what the API-wide machinery answers,
    so that it stays true without each operation repeating it: 403 when a session's CSRF check
    fails (unsafe methods with auth), and 413 / 415 from core.middleware (a body too large,
    or not JSON) for operations that take a body."""

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                added = []
                if operation.get("security") and method in _UNSAFE_METHODS:
                    added.append((403, "Forbidden"))
                if "requestBody" in operation:
                    added += [(413, "Content Too Large"), (415, "Unsupported Media Type")]
                responses = operation["responses"]
                declared = {str(status) for status in responses}  # ninja's keys are ints
                for status, description in added:
                    if str(status) not in declared:
                        responses[status] = {"description": description, **_ERROR_BODY}
        return schema


api = Api(
    title="Jämtland Calling API",
    version="1",
    description="Recruitment trips: trips, candidates, employers and itineraries.",
    auth=DEFAULT_AUTH,
    urls_namespace="api",
)


@api.exception_handler(ApplicationError)
def application_error(request, exc: ApplicationError):
    body = {"detail": exc.message}
    for key in ("fields", "current_status"):
        if key in exc.extra:
            body[key] = exc.extra[key]
    return api.create_response(request, body, status=exc.status_code)


def _field_name(loc) -> str:
    # ninja reports ("body", "payload", "title"); people want "title".
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "form")]
    return ".".join(parts) or "non_field_errors"


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(validation_message(error))
    summary = "; ".join(f"{name}: {msgs[0]}" for name, msgs in fields.items())
    return api.create_response(
        request,
        {"detail": _("Invalid input. %(summary)s") % {"summary": summary}, "fields": fields},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(
        request,
        {"detail": _("Authentication required: log in or send 'Authorization: Bearer <token>'.")},
        status=401,
    )


@api.exception_handler(AuthorizationError)
@api.exception_handler(PermissionDenied)
def permission_error(request, exc):
    return api.create_response(
        request, {"detail": _("You do not have permission to do this.")}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Exception)
def unexpected_error(request, exc):
    logger.exception("Unhandled API error", exc_info=exc)
    return api.create_response(request, {"detail": _("Internal server error.")}, status=500)


api.add_router("", core_router)
api.add_router("", events_router)
api.add_router("", backoffice_router)
api.add_router("", backoffice_me_router)
api.add_router("", itineraries_router)
api.add_router("", meetings_router)
api.add_router("", employers_router)
api.add_router("", candidates_router)
api.add_router("", followup_cases_router)
api.add_router("", followup_tasks_router)
api.add_router("", followup_outcomes_router)
api.add_router("", insights_router)
