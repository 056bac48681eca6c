"""What organisers send to the people of a trip, and which automatic reminders went out."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from candidates.models import ApplicationStatus
from events.models import Organisation, Trip


class MessageAudience(models.TextChoices):
    APPLICANTS = "applicants", _("Applicants")
    EMPLOYERS = "employers", _("Employers")
    BOTH = "both", _("Applicants and employers")


class TripMessage(models.Model):
    """An organiser's email to a trip's applicants (by status), its employers, or both.

    Written first as a draft (`sent_at` empty) so that it can be previewed; sending records
    how many people it went to and when. The organiser's own subject and body are sent as
    written; the text around them is in each recipient's language.
    """

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    audience = models.CharField(_("to"), max_length=20, choices=MessageAudience.choices)
    # Application statuses whose applicants receive it (for APPLICANTS and BOTH).
    statuses = models.JSONField(_("applicants with status"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["trip", "sent_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(audience__in=MessageAudience.values),
                name="trip_message_audience_valid",
            )
        ]

    def __str__(self):
        return f"{self.trip}: {self.subject}"

    @property
    def to_applicants(self) -> bool:
        return self.audience in (MessageAudience.APPLICANTS, MessageAudience.BOTH)

    @property
    def to_employers(self) -> bool:
        return self.audience in (MessageAudience.EMPLOYERS, MessageAudience.BOTH)

    @property
    def status_labels(self) -> list[str]:
        return [str(ApplicationStatus(status).label) for status in self.statuses]


class ReminderKind(models.TextChoices):
    TRIP_STARTS = "trip_starts", _("Trip starts in 3 days")
    WAITLIST_OFFER = "waitlist_offer", _("Waitlist offer halfway to its deadline")
    APPLICATION_DEADLINE = "application_deadline", _("Applications close in 2 days")


class ReminderSent(models.Model):
    """One automatic reminder that went out: per kind and object (the trip for TRIP_STARTS
    and APPLICATION_DEADLINE, the application for WAITLIST_OFFER), at most once — the
    unique constraint is what makes `manage.py send_reminders` safe to run again, or twice
    at the same time."""

    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    object_id = models.PositiveBigIntegerField()
    recipient_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="reminder_sent_once")
        ]

    def __str__(self):
        return f"{self.kind} #{self.object_id}"


class OrganiserDigest(models.Model):
    """The daily digest to an organisation's organisers: at most one per organisation and
    local day (the unique constraint), covering what happened after the previous one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    covered_from = models.DateTimeField()
    covered_until = models.DateTimeField()
    recipient_count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "day"], name="organiser_digest_daily")
        ]

    def __str__(self):
        return f"digest {self.organisation} {self.day}"
