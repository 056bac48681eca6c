"""After the trip (issue 13): relocation coordinators, their follow-up cases (a person and
their household), tasks, the contact log, employers' outcomes per met candidate, and both
sides' feedback on a trip."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Invitation, StatusChange, status_fields


class CoordinatorMembership(models.Model):
    """A relocation coordinator (inflyttarlots) of an organisation: works its follow-up cases.
    Its organisers can do everything a coordinator can, without this row."""

    organisation = models.ForeignKey(
        "events.Organisation", on_delete=models.CASCADE, related_name="coordinator_memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("relocation coordinator")
        verbose_name_plural = _("relocation coordinators")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="coordinator_membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class CoordinatorInvitation(Invitation):
    """An invitation to become a relocation coordinator of an organisation."""

    organisation = models.ForeignKey(
        "events.Organisation", on_delete=models.CASCADE, related_name="coordinator_invitations"
    )

    class Meta(Invitation.Meta):
        verbose_name = _("coordinator invitation")
        verbose_name_plural = _("coordinator invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="coordinator_invitation_one_open_per_email",
            )
        ]


class CaseStage(models.TextChoices):
    IN_CONTACT = "in_contact", _("In contact")
    VISITED = "visited", _("Visited")
    INTERVIEWING = "interviewing", _("Interviewing")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    MOVED = "moved", _("Moved here")
    SETTLED_6 = "settled_6", _("Settled 6 months")
    SETTLED_12 = "settled_12", _("Settled 12 months")
    CLOSED = "closed", _("Closed")


class CaseSource(models.TextChoices):
    TRIP = "trip", _("Trip")
    PHONE = "phone", _("Phone")
    FAIR = "fair", _("Fair or event")
    EMAIL = "email", _("Email")
    WEB = "web", _("Website")
    OTHER = "other", _("Other")


class ClosedReason(models.TextChoices):
    CHOSE_ELSEWHERE = "chose_elsewhere", _("Chose somewhere else")
    NO_JOB = "no_job", _("No job found")
    NO_HOUSING = "no_housing", _("No housing found")
    FAMILY = "family", _("Family reasons")
    NO_CONTACT = "no_contact", _("Lost contact")
    OTHER = "other", _("Other")


class HousingNeed(models.TextChoices):
    NONE = "", _("No housing need")
    RENT = "rent", _("Rent")
    BUY = "buy", _("Buy")
    EITHER = "either", _("Rent or buy")


class FollowUpCase(models.Model):
    """One person (and their household) a coordinator follows: from a trip they attended
    (`source` trip, created automatically) or who got in touch another way. `version` grows
    on every save; an edit made from an older version is refused (optimistic locking)."""

    organisation = models.ForeignKey(
        "events.Organisation", on_delete=models.PROTECT, related_name="followup_cases"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_cases",
        verbose_name=_("talent database profile"),
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    city = models.CharField(_("lives in"), max_length=100, blank=True)
    source = models.CharField(_("how they got in touch"), max_length=10, choices=CaseSource.choices)
    source_note = models.CharField(_("about the first contact"), max_length=300, blank=True)
    stage = models.CharField(
        _("stage"), max_length=20, choices=CaseStage.choices, default=CaseStage.IN_CONTACT
    )
    closed_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=ClosedReason.choices, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("coordinator"),
    )
    # The household.
    partner_name = models.CharField(_("partner's name"), max_length=200, blank=True)
    partner_occupation = models.CharField(_("partner's occupation"), max_length=200, blank=True)
    partner_looking_for_work = models.BooleanField(_("partner is looking for work"), default=False)
    children = models.JSONField(
        _("children"),
        default=list,
        blank=True,
        help_text=_('Each child: {"age": 4, "need": "preschool" | "school" | ""}.'),
    )
    housing_need = models.CharField(
        _("housing need"), max_length=10, choices=HousingNeed.choices, blank=True
    )
    housing_from = models.DateField(_("housing needed from"), null=True, blank=True)
    housing_where = models.CharField(_("housing where"), max_length=200, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("follow-up case")
        verbose_name_plural = _("follow-up cases")
        indexes = [models.Index(fields=["organisation", "stage"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "candidate"],
                condition=Q(candidate__isnull=False),
                name="followup_case_once_per_candidate",
            ),
            models.CheckConstraint(
                condition=Q(stage=CaseStage.CLOSED) | Q(closed_reason=""),
                name="followup_case_reason_only_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=CaseStage.values), name="followup_case_stage_valid"
            ),
        ]

    def __str__(self):
        return self.name


class CaseStageChange(StatusChange):
    """History of a case's stage: who moved it, when, from what to what."""

    case = models.ForeignKey(FollowUpCase, on_delete=models.CASCADE, related_name="status_changes")
    from_status, to_status = status_fields(CaseStage)
    note = models.CharField(max_length=300, blank=True)

    subject_field = "case"


class TaskKind(models.TextChoices):
    CALL_BACK = "call_back", _("Call back")
    HOUSING = "housing", _("Send housing contacts")
    PARTNER_JOB = "partner_job", _("Introduce the partner to an employer")
    SCHOOL = "school", _("Check a preschool or school place")
    OTHER = "other", _("Other")


class CaseTask(models.Model):
    """Something to do for a case, by a due date, by someone. Tasks created from a need of
    the household carry `need` (partner_job, preschool, school, housing) so each is created
    once per case."""

    case = models.ForeignKey(FollowUpCase, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices)
    title = models.CharField(_("task"), max_length=200)
    due_on = models.DateField(_("due"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_tasks",
        verbose_name=_("assigned to"),
    )
    need = models.CharField(max_length=20, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [models.Index(fields=["assignee", "done_at", "due_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "need"], condition=~Q(need=""), name="case_task_once_per_need"
            )
        ]

    def __str__(self):
        return self.title


class ContactChannel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    MEETING = "meeting", _("Meeting")
    EVENT = "event", _("Event or fair")
    MESSAGE = "message", _("Text message")
    JOB_TIP = "job_tip", _("Job tip sent")
    OTHER = "other", _("Other")


class ContactEntry(models.Model):
    """One contact with the person: when, how, what was said. A job tip sent from the case is
    one too, with the hiring need (or link) it was about."""

    case = models.ForeignKey(FollowUpCase, on_delete=models.CASCADE, related_name="contacts")
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=10, choices=ContactChannel.choices)
    note = models.TextField(_("note"), blank=True)
    hiring_need = models.ForeignKey(
        "employers.HiringNeed",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hiring need"),
    )
    link = models.URLField(_("link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")

    def __str__(self):
        return f"{self.get_channel_display()} {self.occurred_at:%Y-%m-%d}"


class OutcomeResult(models.TextChoices):
    NO = "no", _("No")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")


class MeetingOutcome(models.Model):
    """What came of an employer meeting a candidate on a trip, as the employer records it."""

    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="outcomes"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.CASCADE, related_name="outcomes"
    )
    result = models.CharField(_("result"), max_length=10, choices=OutcomeResult.choices)
    start_date = models.DateField(_("starts work on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "employer"], name="outcome_once_per_candidate_employer"
            ),
            models.CheckConstraint(
                condition=Q(result=OutcomeResult.HIRED) | Q(start_date__isnull=True),
                name="outcome_start_date_only_when_hired",
            ),
        ]

    def __str__(self):
        return f"{self.employer} · {self.application}: {self.result}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class OfferAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_YET = "not_yet", _("Not yet")


class CandidateFeedback(models.Model):
    """A candidate's feedback on a trip they attended: the trip, each employer met, words."""

    application = models.OneToOneField(
        "candidates.Application", on_delete=models.CASCADE, related_name="feedback"
    )
    trip_rating = models.PositiveSmallIntegerField(_("the trip (1–5)"), validators=RATING)
    comment = models.TextField(_("anything else"), max_length=3000, blank=True)
    got_offer = models.CharField(
        _("did you get an offer?"), max_length=10, choices=OfferAnswer.choices
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("candidate feedback")
        verbose_name_plural = _("candidate feedback")
        constraints = [
            models.CheckConstraint(
                condition=Q(trip_rating__gte=1, trip_rating__lte=5),
                name="candidate_feedback_rating_1_5",
            )
        ]

    def __str__(self):
        return f"{self.application}: {self.trip_rating}/5"


class EmployerRating(models.Model):
    """A candidate's rating of one employer they met, part of their feedback."""

    feedback = models.ForeignKey(
        CandidateFeedback, on_delete=models.CASCADE, related_name="employer_ratings"
    )
    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating (1–5)"), validators=RATING)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "employer"], name="employer_rating_once_per_feedback"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="employer_rating_1_5"
            ),
        ]

    def __str__(self):
        return f"{self.employer}: {self.rating}/5"


class EmployerFeedback(models.Model):
    """An employer's feedback on a trip: the trip and the candidates they met."""

    trip = models.ForeignKey("events.Trip", on_delete=models.CASCADE, related_name="+")
    employer = models.ForeignKey("employers.Employer", on_delete=models.CASCADE, related_name="+")
    trip_rating = models.PositiveSmallIntegerField(_("the trip (1–5)"), validators=RATING)
    candidates_rating = models.PositiveSmallIntegerField(
        _("the candidates (1–5)"), validators=RATING
    )
    comment = models.TextField(_("anything else"), max_length=3000, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("employer feedback")
        verbose_name_plural = _("employer feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "employer"], name="employer_feedback_once_per_trip"
            ),
            models.CheckConstraint(
                condition=Q(trip_rating__gte=1, trip_rating__lte=5)
                & Q(candidates_rating__gte=1, candidates_rating__lte=5),
                name="employer_feedback_ratings_1_5",
            ),
        ]

    def __str__(self):
        return f"{self.employer} on {self.trip}: {self.trip_rating}/5"


class FeedbackRequest(models.Model):
    """A trip whose people were asked for their feedback (once per trip, after it ended):
    the record that makes `feedback_requests_due` send the invitations only once."""

    trip = models.OneToOneField("events.Trip", on_delete=models.CASCADE, related_name="+")
    recipient_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")

    def __str__(self):
        return f"{self.trip} {self.sent_at:%Y-%m-%d}"


class TaskDigest(models.Model):
    """The daily email of a user's due tasks was sent (or claimed) for this day: once a day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    task_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="task_digest_once_per_user_day")
        ]

    def __str__(self):
        return f"{self.user} {self.day}"
