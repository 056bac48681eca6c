import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import CachedDocument
from employers.models import Employer
from events.models import Trip


class ItemKind(models.TextChoices):
    TRAVEL = "travel", _("Travel")
    ACTIVITY = "activity", _("Activity")
    MEAL = "meal", _("Meal")
    EMPLOYER_VISIT = "employer_visit", _("Employer visit")
    MEETINGS = "meetings", _("Meetings block")
    ACCOMMODATION = "accommodation", _("Accommodation")
    FREE_TIME = "free_time", _("Free time")


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    CANDIDATES = "candidates", _("Candidates only")
    EMPLOYERS = "employers", _("Employers only")
    EMPLOYER = "employer", _("One employer")


class ItineraryItem(models.Model):
    """One entry of a trip's programme. `uid` never changes; `sequence` grows on every edit."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="itinerary_items")
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location_name = models.CharField(_("place"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="itinerary_items",
        verbose_name=_("employer"),
        help_text=_("Only for the audience “One employer”."),
    )
    cancelled = models.BooleanField(_("cancelled"), default=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at", "ends_at", "id"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        indexes = [models.Index(fields=["trip", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="item_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(audience=Audience.EMPLOYER, employer__isnull=False)
                | (~Q(audience=Audience.EMPLOYER) & Q(employer__isnull=True)),
                name="item_employer_iff_one_employer_audience",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="item_coordinates_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_kind_valid"),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="item_audience_valid"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class CalendarToken(models.Model):
    """The secret in a personal feed URL: `<selector><verifier>`.

    The selector finds the row; the verifier is compared in constant time. The full URL is
    kept so that the profile page can show it again (people copy it into calendar apps).
    """

    SELECTOR_LENGTH = 12

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    selector = models.CharField(max_length=SELECTOR_LENGTH, unique=True)
    verifier = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendar_token_one_active_per_user",
            )
        ]

    def __str__(self):
        return f"calendar token of {self.user}"

    @property
    def key(self) -> str:
        return self.selector + self.verifier

    @classmethod
    def split(cls, key: str) -> tuple[str, str]:
        return key[: cls.SELECTOR_LENGTH], key[cls.SELECTOR_LENGTH :]


class MeetingSettings(models.Model):
    """How a trip's meeting blocks (programme items of kind "meetings") are cut into slots,
    and whether employers may book slots themselves. Made with the defaults when first read."""

    trip = models.OneToOneField(Trip, on_delete=models.CASCADE, related_name="meeting_settings")
    meeting_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=20)
    break_minutes = models.PositiveSmallIntegerField(
        _("break between meetings (minutes)"), default=5
    )
    self_booking = models.BooleanField(
        _("employers book meetings themselves"),
        default=False,
        help_text=_("Employers with a confirmed booking may book free slots with candidates."),
    )
    published_at = models.DateTimeField(_("schedule published"), null=True, blank=True)
    # What the last automatic scheduling found (figures and unmet must-meets), for the page.
    last_run = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting settings")
        verbose_name_plural = _("meeting settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(meeting_minutes__gte=5, meeting_minutes__lte=240),
                name="meeting_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(break_minutes__lte=120), name="meeting_break_minutes_range"
            ),
        ]

    def __str__(self):
        return f"meeting settings of {self.trip}"


class MeetingLevel(models.TextChoices):
    MUST = "must", _("Must meet")
    WANT = "want", _("Would like to meet")
    NO = "no", _("Not interested")


class PreferenceSide(models.TextChoices):
    EMPLOYER = "employer", _("Employer")
    CANDIDATE = "candidate", _("Candidate")


class MeetingPreference(models.Model):
    """One side's wish about meeting the other: the employer's about an accepted candidate
    (`side=employer`), or the candidate's about an employer of the trip (`side=candidate`).
    Organisers may override either; `by_organiser` then says so."""

    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="meeting_preferences"
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="meeting_preferences"
    )
    side = models.CharField(max_length=10, choices=PreferenceSide.choices)
    level = models.CharField(_("meeting wish"), max_length=10, choices=MeetingLevel.choices)
    by_organiser = models.BooleanField(default=False)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting wish")
        verbose_name_plural = _("meeting wishes")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "employer", "side"], name="meeting_preference_once"
            ),
            models.CheckConstraint(
                condition=Q(side__in=PreferenceSide.values), name="meeting_preference_side_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=MeetingLevel.values), name="meeting_preference_level_valid"
            ),
        ]

    def __str__(self):
        return f"{self.side} {self.level}: {self.employer} / {self.application}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class MeetingSource(models.TextChoices):
    AUTO = "auto", _("Scheduled automatically")
    BOOKED = "booked", _("Booked")


class Attendance(models.TextChoices):
    UNKNOWN = "", _("Not recorded")
    MET = "met", _("Met")
    CANDIDATE_NO_SHOW = "candidate_no_show", _("Candidate did not come")
    EMPLOYER_NO_SHOW = "employer_no_show", _("Employer did not come")


class Meeting(models.Model):
    """An employer meets an accepted candidate at one of the trip's meeting slots, at one of
    the employer's tables. A removed meeting is kept as cancelled so calendars drop it
    (`uid` never changes, `sequence` grows on every change)."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="meetings")
    application = models.ForeignKey(
        "candidates.Application", on_delete=models.CASCADE, related_name="meetings"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="meetings")
    block = models.ForeignKey(
        ItineraryItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("meeting block"),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    table = models.PositiveSmallIntegerField(_("table"), default=1)
    locked = models.BooleanField(
        _("locked"), default=False, help_text=_("Automatic scheduling never moves it.")
    )
    source = models.CharField(
        max_length=10, choices=MeetingSource.choices, default=MeetingSource.AUTO
    )
    status = models.CharField(
        max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, blank=True, default=""
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["starts_at", "employer_id", "table", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["trip", "status", "starts_at"])]
        constraints = [
            # The last line of defence against double booking (the services lock rows first).
            models.UniqueConstraint(
                fields=["employer", "trip", "table", "starts_at"],
                condition=Q(status=MeetingStatus.SCHEDULED),
                name="meeting_table_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["application", "starts_at"],
                condition=Q(status=MeetingStatus.SCHEDULED),
                name="meeting_candidate_once_per_slot",
            ),
            models.UniqueConstraint(
                fields=["application", "employer"],
                condition=Q(status=MeetingStatus.SCHEDULED),
                name="meeting_pair_once",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(table__gte=1, table__lte=20), name="meeting_table_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.employer} meets {self.application_id} at {self.starts_at:%Y-%m-%d %H:%M}"


class ItineraryDocumentKind(models.TextChoices):
    PROGRAMME = "programme", _("Trip programme")
    PERSONAL = "personal", _("Personal itinerary")
    COMBINED = "combined", _("Every participant's itinerary")


class ItineraryDocument(CachedDocument):
    """A built itinerary PDF (core.documents): the trip's programme, one person's own
    itinerary (`user`), or every participant's in one file for organisers. One per language.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="itinerary_documents")
    kind = models.CharField(max_length=20, choices=ItineraryDocumentKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="private/itineraries/", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "user", "language"],
                condition=Q(user__isnull=False),
                name="itinerary_document_one_per_person_language",
            ),
            models.UniqueConstraint(
                fields=["trip", "kind", "language"],
                condition=Q(user__isnull=True),
                name="itinerary_document_one_per_trip_kind_language",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(kind=ItineraryDocumentKind.PERSONAL),
                name="itinerary_document_person_only_personal",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.trip} {self.user or ''}".strip()
