"""Writes for outcomes and feedback (issue 13.4): an employer's outcome per candidate met on
a trip (which moves the person's follow-up case forward), both sides' feedback on the trip,
and the invitations to give it once a trip has ended."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Application, ApplicationStatus
from core.exceptions import NotPermitted, ValidationFailed
from core.models import User
from core.tasks import enqueue_on_commit
from employers.models import Employer
from events.models import Trip

from . import tasks
from .models import (
    CandidateFeedback,
    CaseStage,
    EmployerFeedback,
    FeedbackRequest,
    FollowUpCase,
    MeetingOutcome,
    OfferAnswer,
    OutcomeResult,
)
from .outcome_selectors import (
    feedback_candidate_recipients,
    feedback_employer_recipients,
    is_booked_member,
    met_applications,
    met_employers,
    trip_started,
    trips_feedback_due,
)
from .stages import case_stage_advance

# What an outcome means for the person's follow-up case (forward only).
OUTCOME_STAGE = {
    OutcomeResult.INTERVIEW: CaseStage.INTERVIEWING,
    OutcomeResult.OFFER: CaseStage.OFFER,
    OutcomeResult.HIRED: CaseStage.HIRED,
}


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, extra={"fields": {field: [message]}})


def _check_started(trip: Trip) -> None:
    if not trip_started(trip, now=timezone.now()):
        raise _invalid("trip", _("The trip has not started yet."))


def _check_rating(field: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise _invalid(field, _("Give a rating from 1 to 5."))
    return value


def _check_member(trip: Trip, employer: Employer, actor: User) -> None:
    if not is_booked_member(actor, trip, employer):
        raise NotPermitted(
            _("Only members of an employer with a confirmed booking on the trip can do this.")
        )


@transaction.atomic
def outcome_set(
    *,
    trip: Trip,
    employer: Employer,
    application: Application | int,
    actor: User,
    result: str,
    start_date: date | None = None,
) -> MeetingOutcome:
    """Record (or change) what came of `employer` meeting a candidate on `trip`: no,
    interview, offer or hired (with the date they start). Only a member of the employer,
    with a confirmed booking, for a candidate they met, once the trip has started. An
    interview, offer or hire moves the person's follow-up case forward (never back)."""
    _check_member(trip, employer, actor)
    _check_started(trip)
    application_id = application if isinstance(application, int) else application.pk
    found = met_applications(trip, employer).filter(pk=application_id).first()
    if found is None:
        raise _invalid("application_id", _("You did not meet this candidate on the trip."))
    if result not in OutcomeResult.values:
        raise _invalid("result", _("Choose no, interview, offer or hired."))
    if result == OutcomeResult.HIRED and start_date is None:
        raise _invalid("start_date", _("Give the date they start work."))
    if result != OutcomeResult.HIRED and start_date is not None:
        raise _invalid("start_date", _("Only a hire has a start date."))
    outcome, _created = MeetingOutcome.objects.update_or_create(
        application=found,
        employer=employer,
        defaults={"result": result, "start_date": start_date, "recorded_by": actor},
    )
    stage = OUTCOME_STAGE.get(result)  # type: ignore[call-overload]
    if stage is not None:
        case = FollowUpCase.objects.filter(
            organisation_id=trip.organisation_id, candidate_id=found.candidate_id
        ).first()
        if case is not None:
            case_stage_advance(
                case=case,
                actor=actor,
                stage=stage,
                note=_("%(result)s at %(employer)s (outcome of %(trip)s)")
                % {
                    "result": outcome.get_result_display(),
                    "employer": employer.name,
                    "trip": trip.title,
                },
            )
    return outcome


@transaction.atomic
def candidate_feedback_submit(
    *,
    application: Application,
    actor: User,
    trip_rating: int,
    employer_ratings: dict[int, int],
    comment: str = "",
    got_offer: str,
) -> CandidateFeedback:
    """A candidate's feedback on a trip they attended: the trip (1–5), each employer they
    met (1–5; employers left out are not rated), their words, whether they got an offer.
    Given again, it replaces the earlier one."""
    if application.candidate.user_id != actor.pk:
        raise NotPermitted(_("Only the candidate can give their feedback."))
    if application.status != ApplicationStatus.ATTENDED:
        raise _invalid("application", _("Only candidates who attended the trip give feedback."))
    _check_started(application.trip)
    _check_rating("trip_rating", trip_rating)
    if got_offer not in OfferAnswer.values:
        raise _invalid("got_offer", _("Say whether you got an offer."))
    met = set(met_employers(application).values_list("pk", flat=True))
    for employer_id, rating in employer_ratings.items():
        if employer_id not in met:
            raise _invalid("employer_ratings", _("You can only rate employers you met."))
        _check_rating("employer_ratings", rating)
    feedback, _created = CandidateFeedback.objects.update_or_create(
        application=application,
        defaults={
            "trip_rating": trip_rating,
            "comment": comment.strip()[:3000],
            "got_offer": got_offer,
            "submitted_at": timezone.now(),
        },
    )
    feedback.employer_ratings.exclude(employer_id__in=list(employer_ratings)).delete()
    for employer_id, rating in employer_ratings.items():
        feedback.employer_ratings.update_or_create(
            employer_id=employer_id, defaults={"rating": rating}
        )
    return feedback


@transaction.atomic
def employer_feedback_submit(
    *,
    trip: Trip,
    employer: Employer,
    actor: User,
    trip_rating: int,
    candidates_rating: int,
    comment: str = "",
) -> EmployerFeedback:
    """An employer's feedback on a trip (the trip and the candidates, 1–5, and words), by a
    member of an employer with a confirmed booking once it has started. Given again, it
    replaces the earlier one."""
    _check_member(trip, employer, actor)
    _check_started(trip)
    _check_rating("trip_rating", trip_rating)
    _check_rating("candidates_rating", candidates_rating)
    feedback, _created = EmployerFeedback.objects.update_or_create(
        trip=trip,
        employer=employer,
        defaults={
            "trip_rating": trip_rating,
            "candidates_rating": candidates_rating,
            "comment": comment.strip()[:3000],
            "submitted_by": actor,
            "submitted_at": timezone.now(),
        },
    )
    return feedback


def feedback_requests_due(*, now: datetime | None = None) -> int:
    """Ask the people of every trip that ended in the last week for their feedback, once
    per trip: the candidates who attended and the members of employers with a confirmed
    booking, each emailed a link to their form (one `send_feedback_request` task each).
    Safe to run as often as cron likes. Returns the number of emails enqueued."""
    now = now or timezone.now()
    sent = 0
    for trip in trips_feedback_due(now=now):
        with transaction.atomic():
            record, created = FeedbackRequest.objects.get_or_create(trip=trip)
            if not created:
                continue
            candidates = list(feedback_candidate_recipients(trip).values_list("pk", flat=True))
            employers = feedback_employer_recipients(trip)
            record.recipient_count = len(candidates) + len(employers)
            record.save(update_fields=["recipient_count"])
            for user_id in candidates:
                enqueue_on_commit(tasks.send_feedback_request, trip_id=trip.pk, user_id=user_id)
            for user_id, employer_id in employers:
                enqueue_on_commit(
                    tasks.send_feedback_request,
                    trip_id=trip.pk,
                    user_id=user_id,
                    employer_id=employer_id,
                )
            sent += record.recipient_count
    return sent
