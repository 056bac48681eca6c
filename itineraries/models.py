import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
