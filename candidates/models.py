from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StatusChange, status_fields
from events.models import Sector, Trip

# Bump when the wording of a consent changes; each consent stores the version it was given on.
CONSENT_TEXT_VERSION = "2026-12"


class ResidencePermit(models.TextChoices):
    CITIZEN = "citizen", _("Swedish/EU/EEA citizen")
    PERMANENT = "permanent", _("Permanent residence permit")
    TEMPORARY = "temporary", _("Temporary residence permit")
    WORK_PERMIT_NEEDED = "needs_permit", _("Will need a work permit")


def cv_upload_to(instance, filename):
    # The stored name never contains what the user typed.
    return f"private/cv/{instance.user_id}/{timezone.now():%Y%m%d%H%M%S}.pdf"


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("Other / non-binary")


class Candidate(models.Model):
    """A candidate's profile. Sharing with employers is governed by the consents below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate"
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    city = models.CharField(_("current city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="candidates", verbose_name=_("sectors"))
    headline = models.CharField(_("headline / current role"), max_length=200, blank=True)
    years_experience = models.PositiveSmallIntegerField(_("years of experience"), default=0)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    earliest_move_date = models.DateField(_("earliest move date"), null=True, blank=True)
    partner_needs_job = models.BooleanField(_("partner needs a job"), default=False)
    partner_occupation = models.CharField(_("partner's occupation"), max_length=200, blank=True)
    children_ages = models.JSONField(
        _("children's ages"), default=list, blank=True, help_text=_("For school and preschool")
    )
    residence_permit_status = models.CharField(
        _("residence permit status"), max_length=20, choices=ResidencePermit.choices, blank=True
    )
    residence_permit_consent_at = models.DateTimeField(null=True, blank=True)
    # Optional, self-declared, for funders' anonymous statistics only (issue 13.6).
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    born_abroad = models.BooleanField(_("born outside Sweden"), null=True, blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_upload_to, blank=True)
    consent_talent_db_at = models.DateTimeField(null=True, blank=True)
    consent_talent_db_version = models.CharField(max_length=20, blank=True)
    # Sharing with a trip's employers is asked per trip: Application.share_consent_at.
    consent_share_household_at = models.DateTimeField(null=True, blank=True)
    consent_share_contact_at = models.DateTimeField(null=True, blank=True)
    alerts_unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # When consents older than CONSENT_RENEWAL_AFTER were last asked to be renewed (once a cycle).
    consent_renewal_asked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        # The talent search (candidates/search.py): without words it pages by name; its region
        # is the city, any case (iexact is UPPER() = UPPER() on PostgreSQL).
        indexes = [
            models.Index(fields=["name", "id"], name="candidate_name_id"),
            models.Index(Upper("city"), name="candidate_city_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(residence_permit_status="")
                | Q(residence_permit_consent_at__isnull=False),
                name="candidate_permit_needs_consent",
            ),
            models.CheckConstraint(
                condition=Q(consent_talent_db_at__isnull=True) | ~Q(consent_talent_db_version=""),
                name="candidate_talent_consent_versioned",
            ),
            models.CheckConstraint(
                condition=Q(years_experience__lte=70), name="candidate_experience_plausible"
            ),
        ]

    def __str__(self):
        return self.name


class InterestRegistration(models.Model):
    """The lightweight entry to the talent database; counts only once confirmed (double opt-in)."""

    email = models.EmailField(_("email"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="interest_registrations")
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="sv")
    consent_at = models.DateTimeField()
    consent_version = models.CharField(max_length=20)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    consent_renewal_asked_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interest_registrations",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("interest registration")
        verbose_name_plural = _("interest registrations")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="interest_email_ci_unique"),
            models.CheckConstraint(
                condition=~Q(consent_version=""), name="interest_consent_versioned"
            ),
        ]

    def __str__(self):
        return self.email


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("Waitlisted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("No-show")


class Application(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="applications")
    motivation = models.TextField(_("motivation"))
    travelling_from = models.CharField(_("travelling from"), max_length=200)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    # Practical information the organiser enters for this participant (issue 12.2), printed
    # in their itinerary.
    travel = models.CharField(
        _("travel"), max_length=300, blank=True, help_text=_("Train or flight, with times.")
    )
    accommodation = models.CharField(
        _("accommodation"), max_length=300, blank=True, help_text=_("Hotel and address.")
    )
    room_sharing = models.CharField(
        _("room sharing"),
        max_length=200,
        blank=True,
        help_text=_("Who shares the room, if anyone."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    # A waitlisted candidate offered a freed place holds it until then.
    offer_expires_at = models.DateTimeField(_("place offered until"), null=True, blank=True)
    # The candidate's consent to share their profile with THIS trip's employers (issue 14.1),
    # asked when they are accepted; packs and meetings read it.
    share_consent_at = models.DateTimeField(null=True, blank=True)
    share_consent_version = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["trip", "status"]),
            # The applicant list's default order: a page of a trip's applicants without
            # sorting all of them (bench/applicant_list.py).
            models.Index(fields=["trip", "created_at", "id"], name="application_trip_applied"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "trip"], name="application_once_per_trip"),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values), name="application_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(offer_expires_at__isnull=True) | Q(status=ApplicationStatus.WAITLISTED),
                name="application_offer_only_when_waitlisted",
            ),
            models.CheckConstraint(
                condition=Q(share_consent_at__isnull=True) | ~Q(share_consent_version=""),
                name="application_share_consent_versioned",
            ),
        ]

    def __str__(self):
        return f"{self.candidate} → {self.trip}"


class ApplicationStatusChange(StatusChange):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status, to_status = status_fields(ApplicationStatus)

    subject_field = "application"


class ApplicantNote(models.Model):
    """An organiser's internal note on an applicant. Never shown to candidates or employers."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:50]


class TripAlert(models.Model):
    """A trip invitation sent to one address: each address is invited once per trip."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="alerts")
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trip", "email"], name="trip_alert_once_per_email")
        ]

    def __str__(self):
        return f"{self.trip} → {self.email}"


class TripInvitation(models.Model):
    """An organiser's invitation to apply, sent to one person of the talent database (a
    candidate profile or an interest registration without one): once per trip and person.
    `sent_at` is set by the email task, so an invitation whose email failed shows as unsent."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="invitations")
    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, null=True, blank=True, related_name="trip_invitations"
    )
    registration = models.ForeignKey(
        InterestRegistration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trip_invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("trip invitation")
        verbose_name_plural = _("trip invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=True, registration__isnull=False)
                | Q(candidate__isnull=False, registration__isnull=True),
                name="trip_invitation_one_person",
            ),
            models.UniqueConstraint(
                fields=["trip", "candidate"],
                condition=Q(candidate__isnull=False),
                name="trip_invitation_once_per_candidate",
            ),
            models.UniqueConstraint(
                fields=["trip", "registration"],
                condition=Q(registration__isnull=False),
                name="trip_invitation_once_per_registration",
            ),
        ]

    def __str__(self):
        return f"{self.trip} → {self.candidate or self.registration}"


class ConsentPurpose(models.TextChoices):
    """The separate, optional consents a person gives (issue 14.1)."""

    TALENT_DB = "talent_db", _("Talent database and trip alerts")
    SHARE_TRIP = "share_trip", _("Sharing my profile with a trip's employers")
    HOUSEHOLD = "household", _("Household details")
    RESIDENCE_PERMIT = "residence_permit", _("Residence-permit status")
    CONTACT = "contact", _("Contact details for employers")


class ConsentVia(models.TextChoices):
    WEB = "web", _("Web")
    API = "api", _("API")
    ORGANISER = "organiser", _("An organiser on the person's behalf")
    SYSTEM = "system", _("Automatically (lapsed)")


class ConsentEvent(models.Model):
    """One grant or withdrawal of a consent: purpose, text version, time and how. The
    current state lives on the profile (and, per trip, on the application); this is the
    history that proves it. An interest registration's consent, before any profile
    exists, is recorded against the registration."""

    candidate = models.ForeignKey(
        Candidate, on_delete=models.CASCADE, null=True, blank=True, related_name="consent_events"
    )
    registration = models.ForeignKey(
        InterestRegistration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="consent_events",
    )
    trip = models.ForeignKey(
        Trip, on_delete=models.CASCADE, null=True, blank=True, related_name="consent_events"
    )
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    granted = models.BooleanField()
    text_version = models.CharField(max_length=20)
    via = models.CharField(max_length=12, choices=ConsentVia.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consent event")
        verbose_name_plural = _("consent events")
        indexes = [models.Index(fields=["candidate", "purpose", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(candidate__isnull=False) | Q(registration__isnull=False),
                name="consent_event_has_person",
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=ConsentPurpose.values), name="consent_event_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(trip__isnull=False) | ~Q(purpose=ConsentPurpose.SHARE_TRIP),
                name="consent_event_share_has_trip",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {'granted' if self.granted else 'withdrawn'}"


class AccessAction(models.TextChoices):
    APPLICANT_VIEW = "applicant_view", _("Viewed an application")
    PROFILE_VIEW = "profile_view", _("Viewed a profile")
    CV_DOWNLOAD = "cv_download", _("Downloaded the CV")
    CSV_EXPORT = "csv_export", _("Exported in a CSV file")
    PACK_WEB = "pack_web", _("Read in a candidate pack (web)")
    PACK_PDF = "pack_pdf", _("Read in a candidate pack (PDF)")
    API_READ = "api_read", _("Read through the API")
    ADMIN_VIEW = "admin_view", _("Opened in the admin")
    CASE_VIEW = "case_view", _("Viewed a follow-up case")


class AccessLog(models.Model):
    """One access to one candidate's data (issue 14.5): who, for which employer or
    organisation, what, and when. Never the data itself. Read per candidate and per trip by
    organisers, and by the candidate in their export."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="accesses")
    trip = models.ForeignKey(
        Trip, on_delete=models.SET_NULL, null=True, blank=True, related_name="accesses"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "events.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AccessAction.choices)
    # Which page or API operation (a URL name or operation id, never query values).
    via = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access to candidate data")
        verbose_name_plural = _("accesses to candidate data")
        indexes = [
            models.Index(fields=["candidate", "-created_at"]),
            models.Index(fields=["trip", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.action} of {self.candidate_id} by {self.actor_id}"
