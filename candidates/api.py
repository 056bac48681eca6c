from functools import wraps

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from core.exceptions import NotPermitted, ValidationFailed
from core.pagination import Pagination
from core.roles import roles_for
from core.schemas import ErrorOut
from events.api import WRITE_ERRORS
from events.models import Sector
from events.selectors import trip_managed_by, trips_published

from .audit import access_record
from .consents import consent_history, consent_set, consent_states
from .models import AccessAction, ConsentPurpose, ConsentVia
from .schemas import (
    ApplicantFilter,
    ApplicantOut,
    ApplicationIn,
    ApplicationOut,
    ConsentIn,
    ConsentsOut,
    InterestIn,
    InterestOut,
    InviteIn,
    InviteOut,
    ProfileOut,
    ProfilePatch,
    ShareIn,
    SuggestionOut,
    TalentFilter,
    TalentOut,
    TransitionIn,
)
from .search import TALENT_PAGE_SIZE, talent_search_capped
from .selectors import (
    application_of_candidate,
    applications_for_trip,
    applications_managed_by,
    applications_of_candidate,
    candidate_of,
)
from .services import (
    application_create,
    application_transition,
    application_withdraw,
    candidate_profile_update,
)
from .suggestions import applications_by_fit, trip_suggestions
from .talent import interest_register, trip_invitations_create

router = Router(tags=["candidates"])
READ_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _sectors(codes: list[str], field: str = "sectors") -> list[Sector]:
    sectors = list(Sector.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {s.code for s in sectors})
    if missing:
        raise ValidationFailed(
            _("Unknown sector: %(codes)s.") % {"codes": ", ".join(missing)},
            extra={"fields": {field: [_("Unknown code: %(c)s") % {"c": c} for c in missing]}},
        )
    return sectors


def _me(request):
    candidate = candidate_of(request.auth)
    if candidate is None:
        raise NotPermitted(_("Only candidates have a profile. Sign up as a candidate first."))
    return candidate


@router.post("/interest", auth=None, response={202: InterestOut, 400: ErrorOut, 422: ErrorOut})
def interest(request: HttpRequest, payload: InterestIn):
    """Join the talent database (double opt-in). The answer is the same whether or not the
    address was registered before."""
    interest_register(
        email=payload.email,
        sectors=_sectors(payload.sectors),
        consent=payload.consent,
        name=payload.name,
        city=payload.city,
        language=payload.language,
        via=ConsentVia.API,
    )
    return Status(
        202, {"detail": _("Check your inbox: we have sent you a link to confirm your address.")}
    )


@router.get("/me/profile", response={200: ProfileOut, **READ_ERRORS})
def profile(request: HttpRequest):
    return _me(request)


@router.patch("/me/profile", response={200: ProfileOut, **WRITE_ERRORS})
def profile_patch(request: HttpRequest, payload: ProfilePatch):
    candidate = _me(request)
    data = payload.dict(exclude_unset=True)
    codes = data.pop("sectors", None)
    nullable = {"earliest_move_date"}
    data = {k: v for k, v in data.items() if v is not None or k in nullable}
    candidate = candidate_profile_update(
        candidate=candidate,
        actor=request.auth,
        via=ConsentVia.API,
        sectors=_sectors(codes) if codes is not None else None,
        **data,
    )
    return candidate_of(request.auth)


def _consents(candidate) -> dict:
    return {
        "current": consent_states(candidate),
        "history": consent_history(
            candidate=candidate, registrations=candidate.user.interest_registrations.all()
        ),
    }


@router.get("/me/consents", response={200: ConsentsOut, **READ_ERRORS})
def my_consents(request: HttpRequest):
    """Each consent as it stands (one per purpose; sharing per trip applied to) and its
    history: every grant and withdrawal with its text version, time and how."""
    return _consents(_me(request))


@router.put("/me/consents/{purpose}", response={200: ConsentsOut, **WRITE_ERRORS})
def my_consent_set(request: HttpRequest, purpose: ConsentPurpose, payload: ConsentIn):
    """Give (`granted: true`) or withdraw one consent (recorded with via=api). `share_trip`
    needs the `trip` (slug) of one of your applications; 404 for any other trip."""
    candidate = _me(request)
    trip = None
    if purpose == ConsentPurpose.SHARE_TRIP:
        if not payload.trip:
            raise ValidationFailed(
                _("Choose the trip whose employers may see the profile."),
                extra={"fields": {"trip": [_("Required.")]}},
            )
        application = applications_of_candidate(candidate).filter(trip__slug=payload.trip).first()
        if application is None:
            raise Http404
        trip = application.trip
    consent_set(
        candidate=candidate,
        purpose=purpose,
        trip=trip,
        granted=payload.granted,
        via=ConsentVia.API,
        actor=request.auth,
    )
    return _consents(candidate_of(request.auth))


@router.put(
    "/me/applications/{application_id}/share", response={200: ApplicationOut, **WRITE_ERRORS}
)
def my_application_share(request: HttpRequest, application_id: int, payload: ShareIn):
    """Share your profile with this trip's employers (their candidate pack, meetings), or
    stop; recorded as a consent event (via=api). 409 once the application has ended."""
    candidate = _me(request)
    application = application_of_candidate(candidate, application_id)
    if application is None:
        raise Http404
    consent_set(
        candidate=candidate,
        purpose=ConsentPurpose.SHARE_TRIP,
        trip=application.trip,
        granted=payload.granted,
        via=ConsentVia.API,
        actor=request.auth,
    )
    return application_of_candidate(candidate, application_id)


@router.get("/me/applications", response={200: list[ApplicationOut], **READ_ERRORS})
@paginate(Pagination)
def my_applications(request: HttpRequest):
    return applications_of_candidate(_me(request))


@router.post("/me/applications", response={201: ApplicationOut, **WRITE_ERRORS})
def apply(request: HttpRequest, payload: ApplicationIn):
    """Apply to a published trip before its deadline (once per trip)."""
    candidate = _me(request)
    trip = trips_published().filter(slug=payload.trip).first()
    if trip is None:
        raise Http404
    application = application_create(
        candidate=candidate, trip=trip, **payload.dict(exclude={"trip"})
    )
    return Status(201, application_of_candidate(candidate, application.pk))


@router.post(
    "/me/applications/{application_id}/withdraw", response={200: ApplicationOut, **WRITE_ERRORS}
)
def withdraw(request: HttpRequest, application_id: int):
    candidate = _me(request)
    application = application_of_candidate(candidate, application_id)
    if application is None:
        raise Http404
    application_withdraw(application=application, actor=request.auth)
    return application_of_candidate(candidate, application_id)


def audited_page(operation_id: str):
    """Between the route and `@paginate` of an organisers' list of a trip's applications:
    records the candidates of the page actually answered (API_READ, one INSERT) for the
    trip's organisation."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, **kwargs):
            result = view(request, **kwargs)
            items = result.get("items", []) if isinstance(result, dict) else []
            if items:
                trip = items[0].trip
                access_record(
                    actor=request.auth,
                    action=AccessAction.API_READ,
                    candidates=[item.candidate for item in items],
                    trip=trip,
                    organisation=trip.organisation_id,
                    via=operation_id,
                )
            return result

        return wrapper

    return decorator


@router.get("/trips/{slug}/applications", response={200: list[ApplicantOut], **READ_ERRORS})
@audited_page("candidates_api_trip_applications")
@paginate(Pagination)
def trip_applications(request: HttpRequest, slug: str, filters: Query[ApplicantFilter]):
    """Organisers: the applicants of one of their trips, filtered and sorted; `order=fit`
    puts the best fit with the trip first (the suggestions' ranking), with its reasons."""
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    data = filters.dict()
    order = data.pop("order")
    applications = applications_for_trip(trip, **data)
    return applications_by_fit(trip, applications) if order == "fit" else applications


@router.get("/trips/{slug}/suggestions", response={200: list[SuggestionOut], **READ_ERRORS})
@paginate(Pagination)
def trip_suggestion_list(request: HttpRequest, slug: str):
    """Organisers: people of the talent database who may be invited to apply to one of their
    trips (consenting, not applied), best fit first, with the reasons for each score."""
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    return trip_suggestions(trip)


@router.post("/trips/{slug}/suggestions/invite", response={200: InviteOut, **WRITE_ERRORS})
def trip_suggestion_invite(request: HttpRequest, slug: str, payload: InviteIn):
    """Organisers: email the chosen people an invitation to apply, each once per trip; 422
    names ids that cannot be invited (and then nobody is)."""
    trip = trip_managed_by(request.auth, slug)
    if trip is None:
        raise Http404
    result = trip_invitations_create(
        trip=trip,
        actor=request.auth,
        candidate_ids=payload.candidates,
        registration_ids=payload.registrations,
    )
    return {"invited": len(result.created), "already_invited": result.already_invited}


@router.post(
    "/applications/{application_id}/transition", response={200: ApplicantOut, **WRITE_ERRORS}
)
def transition(request: HttpRequest, application_id: int, payload: TransitionIn):
    """Organisers: move an application; 409 names the current status when not allowed."""
    application = applications_managed_by(request.auth).filter(pk=application_id).first()
    if application is None:
        raise Http404
    application_transition(application=application, actor=request.auth, to_status=payload.status)
    return applications_for_trip(application.trip).get(pk=application_id)


def audited_talent(view):
    """Between the route and `@paginate` of the talent search: records the people of the page
    answered (API_READ, one INSERT)."""

    @wraps(view)
    def wrapper(request, **kwargs):
        result = view(request, **kwargs)
        items = result.get("items", []) if isinstance(result, dict) else []
        access_record(
            actor=request.auth,
            action=AccessAction.API_READ,
            candidates=list(items),
            via="candidates_api_talent_search",
        )
        return result

    return wrapper


@router.get("/talent", response={200: list[TalentOut], **READ_ERRORS})
@audited_talent
@paginate(Pagination, page_size=TALENT_PAGE_SIZE)
def talent_search_list(request: HttpRequest, filters: Query[TalentFilter]):
    """Organisers: people of the talent database (consenting) by sector code, region (city)
    and free text over headline and skills, best match first (25 a page). `count` stops at
    1,000: narrow the search to page beyond."""
    if not roles_for(request.auth).organiser:
        raise NotPermitted(_("Only organisers search the talent database."))
    sector = _sectors([filters.sector], field="sector")[0] if filters.sector else None
    return talent_search_capped(
        organiser_user=request.auth, sector=sector, region=filters.region, text=filters.q
    )
