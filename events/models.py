from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.models import Invitation, StatusChange, status_fields

from .validators import (
    validate_bankgiro,
    validate_bic,
    validate_iban,
    validate_org_number,
    validate_plusgiro,
    validate_vat_number,
)


def organisation_logo_upload_to(instance, filename):
    return f"organisation-logos/{instance.pk or 'new'}-{timezone.now():%Y%m%d%H%M%S}"


class Organisation(models.Model):
    """An organiser body (a municipality's business office, a partner). The tenant."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to=organisation_logo_upload_to, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="OrganisationMembership",
        related_name="organisations",
        verbose_name=_("organisers"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Billing details, printed on every invoice (frozen there when it is issued). Organisers
    # fill them in at /manage/organisation/billing/; `billing_missing` says what invoices
    # still need.
    billing_name = models.CharField(
        _("legal name"),
        max_length=200,
        blank=True,
        help_text=_("As registered, if it differs from the name above."),
    )
    org_number = models.CharField(
        _("organisation number"), max_length=11, blank=True, validators=[validate_org_number]
    )
    billing_address = models.TextField(
        _("postal address"), max_length=500, blank=True, help_text=_("Street, postcode and town.")
    )
    bankgiro = models.CharField(
        _("bankgiro"), max_length=9, blank=True, validators=[validate_bankgiro]
    )
    plusgiro = models.CharField(
        _("plusgiro"), max_length=9, blank=True, validators=[validate_plusgiro]
    )
    iban = models.CharField(_("IBAN"), max_length=42, blank=True, validators=[validate_iban])
    bic = models.CharField(_("BIC"), max_length=11, blank=True, validators=[validate_bic])
    vat_number = models.CharField(
        _("VAT number"), max_length=14, blank=True, validators=[validate_vat_number]
    )
    vat_rate = models.PositiveSmallIntegerField(
        _("VAT rate (%)"),
        default=25,
        validators=[MaxValueValidator(100)],
        help_text=_("Included in the slot prices. 0 if you do not charge VAT."),
    )
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("An invoice is due this many days after it is issued, never after the trip."),
    )
    invoice_reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before the due date)"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_("Unpaid invoices are reminded this many days before they are due."),
    )
    invoice_grace_days = models.PositiveSmallIntegerField(
        _("grace period (days after the due date)"),
        default=7,
        validators=[MaxValueValidator(60)],
        help_text=_(
            "An unpaid booking is released, freeing its slot, this many days after the due date."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(vat_rate__lte=100), name="organisation_vat_rate_percent"
            ),
            models.CheckConstraint(
                condition=Q(payment_terms_days__gte=1), name="organisation_payment_terms"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def legal_name(self) -> str:
        return self.billing_name or self.name

    @property
    def billing_missing(self) -> list[str]:
        """What an invoice still needs, in words (empty when invoices can be issued): the
        organisation number, postal address, an account to pay to, and the VAT number when
        VAT is charged."""
        missing = []
        if not self.org_number:
            missing.append(_("organisation number"))
        if not self.billing_address.strip():
            missing.append(_("postal address"))
        if not (self.bankgiro or self.plusgiro or self.iban):
            missing.append(_("bankgiro, plusgiro or IBAN"))
        if self.vat_rate and not self.vat_number:
            missing.append(_("VAT number"))
        return missing


class OrganisationMembership(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class OrganiserInvitation(Invitation):
    """An invitation to become an organiser of an organisation (see core.models.Invitation):
    the invitee becomes one only by accepting it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )

    class Meta(Invitation.Meta):
        verbose_name = _("organiser invitation")
        verbose_name_plural = _("organiser invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="organiser_invitation_one_open",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="organiser_invitation_expiry"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


class Sector(models.Model):
    """A sector that lacks staff. Seeded by a data migration; codes are stable."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_sv = models.CharField(_("Swedish name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_sv


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class Trip(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="trips", verbose_name=_("organiser")
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sectors = models.ManyToManyField(Sector, related_name="trips", verbose_name=_("sectors"))
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    base_locations = models.CharField(
        _("base locations"), max_length=200, help_text=_("For example: Östersund, Åre")
    )
    candidate_capacity = models.PositiveIntegerField(_("candidate places"))
    employer_slots = models.PositiveIntegerField(_("employer slots"))
    slot_price_ore = models.PositiveIntegerField(
        _("slot price (öre)"), help_text=_("Price of one employer slot in öre (1 SEK = 100 öre)")
    )
    application_deadline = models.DateTimeField(_("application deadline"))
    booking_refund_cutoff = models.DateTimeField(
        _("employers can cancel with a refund until"),
        null=True,
        blank=True,
        help_text=_("Empty: 14 days before the trip starts."),
    )
    international_applicants = models.BooleanField(
        _("international applicants invited"), default=False
    )
    # Printed in everyone's itinerary (issue 12.2): whom to call on the day.
    contact_phone = models.CharField(
        _("organiser's phone during the trip"), max_length=40, blank=True
    )
    emergency_contact = models.CharField(
        _("emergency contact"),
        max_length=300,
        blank=True,
        help_text=_("Name and phone number to call in an emergency during the trip."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TripStatus.choices, default=TripStatus.DRAFT
    )
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        # The public lists walk published trips in start order and count those not ended:
        # with `ends_at` in the index, the count reads the index alone (1,000 trips on
        # SQLite: 0.20 → 0.07 ms; tests/events/test_indexes.py shows the plans).
        indexes = [
            models.Index(fields=["status", "starts_at", "ends_at"], name="trip_status_start_end")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="trip_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(application_deadline__lte=F("starts_at")),
                name="trip_deadline_before_start",
            ),
            models.CheckConstraint(condition=Q(candidate_capacity__gte=1), name="trip_has_places"),
            models.CheckConstraint(
                condition=Q(status__in=TripStatus.values), name="trip_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=TripStatus.DRAFT)
                | Q(status=TripStatus.CANCELLED)
                | Q(published_at__isnull=False),
                name="trip_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("trip_detail", kwargs={"slug": self.slug})

    @property
    def refund_cutoff(self):
        return self.booking_refund_cutoff or self.starts_at - timedelta(days=14)

    @property
    def is_open_for_applications(self) -> bool:
        return self.status == TripStatus.PUBLISHED and self.application_deadline > timezone.now()


class TripStatusChange(StatusChange):
    """History of a trip's status: who moved it, when, from what to what."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="status_changes")
    # A trip's history has no initial row: it starts as a draft.
    from_status, to_status = status_fields(TripStatus, initial_row=False)

    subject_field = "trip"


class RetentionPolicy(models.Model):
    """How long an organisation keeps what its trips gather (issue 14.4). Without a row, the
    defaults below apply (`events.selectors.retention_policy`)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="retention_policy"
    )
    unconfirmed_registration_days = models.PositiveSmallIntegerField(
        _("unconfirmed interest registrations (days)"), default=30
    )
    application_months = models.PositiveSmallIntegerField(
        _("applications after the trip ended (months)"), default=12
    )
    inactive_account_months = models.PositiveSmallIntegerField(
        _("inactive candidate accounts (months)"), default=24
    )
    inactive_grace_days = models.PositiveSmallIntegerField(
        _("grace period after the reminder (days)"), default=30
    )
    employer_notes_months = models.PositiveSmallIntegerField(
        _("employers' notes and marks after the trip (months)"), default=6
    )
    audit_months = models.PositiveSmallIntegerField(_("audit entries (months)"), default=24)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self) -> str:
        return f"retention of {self.organisation}"


class AccessibilityReport(models.Model):
    """A report of an accessibility problem, sent from the accessibility statement's form to
    the chosen organisation's contact address (`events.tasks.email_accessibility_report`).
    The sender's address is optional (for a reply); their client address is kept only as a
    hash, to limit how many reports one client can send."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="accessibility_reports"
    )
    page = models.CharField(_("page or document"), max_length=500)
    description = models.TextField(_("what did not work"), max_length=3000)
    email = models.EmailField(_("your email (optional, for a reply)"), blank=True)
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="sv")
    client_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("accessibility report")
        verbose_name_plural = _("accessibility reports")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.page}"
