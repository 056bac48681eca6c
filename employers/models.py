from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Invitation, StatusChange, status_fields
from events.models import Organisation, Sector, Trip

from .validators import validate_org_number


def logo_upload_to(instance, filename):
    return f"logos/{instance.pk or 'new'}-{timezone.now():%Y%m%d%H%M%S}"


class Employer(models.Model):
    """A local employer. Registered with one organisation, whose organisers approve it."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("registered with"),
    )
    org_number = models.CharField(
        _("organisation number"), max_length=11, unique=True, validators=[validate_org_number]
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sectors = models.ManyToManyField(Sector, related_name="employers", verbose_name=_("sectors"))
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_upload_to, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="EmployerMembership", related_name="employers"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.CheckConstraint(
                condition=Q(org_number__regex=r"^[0-9]{6}-[0-9]{4}$"),
                name="employer_org_number_format",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class EmployerMembership(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("employer member")
        verbose_name_plural = _("employer members")
        constraints = [
            models.UniqueConstraint(fields=["employer", "user"], name="employer_membership_unique")
        ]

    def __str__(self):
        return f"{self.user} @ {self.employer}"


class EmployerInvitation(Invitation):
    """An invitation to join an employer's team (see core.models.Invitation): the invitee
    becomes a member only by accepting it."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="invitations")

    class Meta(Invitation.Meta):
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "email"],
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="employer_invitation_one_open",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="employer_invitation_expiry"
            ),
        ]

    def __str__(self):
        return f"{self.email} → {self.employer}"


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed-term")


class HiringNeedStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class HiringNeed(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="hiring_needs")
    role_title = models.CharField(_("role"), max_length=200)
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="hiring_needs")
    positions = models.PositiveSmallIntegerField(_("number of positions"), default=1)
    employment_type = models.CharField(
        _("employment type"),
        max_length=20,
        choices=EmploymentType.choices,
        default=EmploymentType.PERMANENT,
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        max_length=10, choices=HiringNeedStatus.choices, default=HiringNeedStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("hiring need")
        verbose_name_plural = _("hiring needs")
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1), name="hiring_need_positions"),
            models.CheckConstraint(
                condition=Q(employment_type__in=EmploymentType.values),
                name="hiring_need_type_valid",
            ),
        ]

    def __str__(self):
        return f"{self.role_title} ({self.employer})"


class BookingStatus(models.TextChoices):
    HELD = "held", _("Held")
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


# Bookings in these states take one of the trip's slots.
ACTIVE_BOOKING_STATUSES = (
    BookingStatus.HELD,
    BookingStatus.PENDING_PAYMENT,
    BookingStatus.CONFIRMED,
)


class PaymentMethod(models.TextChoices):
    STRIPE = "stripe", _("Card (Stripe)")
    INVOICE = "invoice", _("Invoice")


class RefundState(models.TextChoices):
    NONE = "none", _("No refund")
    NEEDED = "needed", _("Refund needed")  # an organiser (or invoice handling) must act
    REQUESTED = "requested", _("Refund requested")  # sent to Stripe, awaiting charge.refunded
    DONE = "done", _("Refunded")


class SlotBooking(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="bookings")
    trip = models.ForeignKey(Trip, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.HELD
    )
    amount_ore = models.PositiveIntegerField(_("amount (öre)"))
    payment_reference = models.CharField(_("payment reference"), max_length=200, blank=True)
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True)
    payment_method = models.CharField(
        _("payment method"),
        max_length=10,
        choices=PaymentMethod.choices,
        default=PaymentMethod.INVOICE,
    )
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    refund_state = models.CharField(
        _("refund"), max_length=10, choices=RefundState.choices, default=RefundState.NONE
    )
    refund_note = models.CharField(_("refund note"), max_length=300, blank=True)
    refund_reference = models.CharField(max_length=255, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # Invoice bookings: what the employer asked to see on the invoice.
    po_reference = models.CharField(
        _("purchase order reference"),
        max_length=100,
        blank=True,
        help_text=_("Your order or reference number, printed on the invoice."),
    )
    invoice_address = models.TextField(
        _("invoice address"),
        max_length=500,
        blank=True,
        help_text=_("Where the invoice is addressed: department, street, postcode and town."),
    )
    # Who of the employer comes on the trip, printed in their itinerary (issue 12.2).
    team_on_site = models.TextField(
        _("team on site"),
        max_length=1000,
        blank=True,
        help_text=_("Who from your organisation comes on the trip, with phone numbers."),
    )
    # Meetings on the trip: how many candidates the employer meets at once.
    meeting_tables = models.PositiveSmallIntegerField(
        _("meeting tables"),
        default=1,
        help_text=_("How many candidates the employer meets at the same time (1–20)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("slot booking")
        verbose_name_plural = _("slot bookings")
        indexes = [models.Index(fields=["trip", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "trip"],
                condition=Q(status__in=ACTIVE_BOOKING_STATUSES),
                name="booking_one_active_per_employer_trip",
            ),
            models.CheckConstraint(
                condition=Q(status__in=BookingStatus.values), name="booking_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=BookingStatus.HELD) | Q(hold_expires_at__isnull=False),
                name="booking_hold_has_expiry",
            ),
            models.CheckConstraint(
                condition=Q(hold_expires_at__isnull=True) | Q(hold_expires_at__gt=F("created_at")),
                name="booking_hold_expires_after_creation",
            ),
            models.CheckConstraint(
                condition=Q(meeting_tables__gte=1, meeting_tables__lte=20),
                name="booking_meeting_tables_range",
            ),
        ]

    def __str__(self):
        return f"{self.employer} @ {self.trip} ({self.status})"

    @property
    def invoice(self) -> "Invoice | None":
        """The booking's invoice (from `prefetch_related("invoices")` where listed)."""
        return next((i for i in self.invoices.all() if i.kind == InvoiceKind.INVOICE), None)

    @property
    def credit_note(self) -> "Invoice | None":
        return next((i for i in self.invoices.all() if i.kind == InvoiceKind.CREDIT_NOTE), None)


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class InvoiceSeries(models.Model):
    """The next number of an organisation's one series of invoices and credit notes. Its row
    is locked (select_for_update) while a number is taken, in the transaction that writes the
    invoice: a rollback gives the number back, so the series has no gaps."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="invoice_series"
    )
    next_number = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("invoice series")
        verbose_name_plural = _("invoice series")

    def __str__(self):
        return f"{self.organisation}: {self.next_number}"


class Invoice(models.Model):
    """An invoice or credit note as issued (employers.invoices): numbered in its organisation's
    series, with the seller's and buyer's details and the amounts frozen. Not changed after
    it is issued, except for recording that its reminder went out."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="invoices"
    )
    booking = models.ForeignKey(SlotBooking, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(_("kind"), max_length=20, choices=InvoiceKind.choices)
    number = models.PositiveIntegerField(_("number"))
    credits = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_notes",
        verbose_name=_("credits invoice"),
    )
    issued_on = models.DateField(_("invoice date"))
    due_on = models.DateField(_("due date"), null=True, blank=True)
    ocr = models.CharField(_("OCR reference"), max_length=25)
    net_ore = models.PositiveIntegerField(_("amount excl. VAT (öre)"))
    vat_ore = models.PositiveIntegerField(_("VAT (öre)"))
    gross_ore = models.PositiveIntegerField(_("amount incl. VAT (öre)"))
    vat_rate = models.PositiveSmallIntegerField(_("VAT rate (%)"))
    description = models.CharField(_("description"), max_length=300)
    seller = models.JSONField(_("seller"))
    buyer = models.JSONField(_("buyer"))
    refund_cutoff = models.DateTimeField(_("refund until"))
    language = models.CharField(_("language"), max_length=5)
    # Invoices only: when the reminder is due and when an unpaid booking is released.
    remind_at = models.DateTimeField(null=True, blank=True)
    release_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation", "number"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="invoice_number_unique"
            ),
            models.UniqueConstraint(fields=["booking", "kind"], name="invoice_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=InvoiceKind.values), name="invoice_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(gross_ore=F("net_ore") + F("vat_ore")), name="invoice_amounts_add_up"
            ),
            models.CheckConstraint(
                condition=Q(kind=InvoiceKind.INVOICE, credits__isnull=True, due_on__isnull=False)
                | Q(kind=InvoiceKind.CREDIT_NOTE, credits__isnull=False),
                name="invoice_credit_note_credits_an_invoice",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} ({self.organisation})"

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE


class StripeEvent(models.Model):
    """A processed Stripe webhook event: each event id is handled once."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    booking = models.ForeignKey(
        SlotBooking, on_delete=models.SET_NULL, null=True, blank=True, related_name="stripe_events"
    )
    outcome = models.CharField(max_length=200, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.type} {self.event_id}"


class BookingStatusChange(StatusChange):
    booking = models.ForeignKey(
        SlotBooking, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status, to_status = status_fields(BookingStatus)

    subject_field = "booking"
