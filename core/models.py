import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with email and password. Roles come from memberships/profiles."""

    # None removes AbstractUser's fields, which the stubs declare as always there.
    username = None  # type: ignore[assignment]  # no usernames: people log in by email
    first_name = None  # type: ignore[assignment]  # one full_name instead
    last_name = None  # type: ignore[assignment]  # one full_name instead
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="sv"
    )
    # Issue 14: an erased account keeps its row (so statistics and financial records keep
    # their foreign keys) with every personal field replaced by a placeholder.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # Retention: when the "your inactive account will be erased" email went out (the grace
    # period runs from here; logging in again clears it).
    inactivity_reminded_at = models.DateTimeField(null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # AbstractUser's stubbed manager creates users by username; ours by email.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]  # by email

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12, help_text=_("First characters, to recognise it"))
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return settings.API_TOKEN_PREFIX + secrets.token_urlsafe(32)


class StatusChange(models.Model):
    """One move of an object's status: who made it, when, from what to what.

    Each history model subclasses this, adds the foreign key to its object (named by
    `subject_field`, with related_name="status_changes") and redeclares `from_status` and
    `to_status` with its status choices (`status_fields`). Rows are written by
    `core.transitions`.
    """

    # The first row of an object's history moves from "" to its initial status.
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    subject_field: ClassVar[str]

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        subject = getattr(self, self.subject_field)
        return f"{subject}: {self.from_status or '∅'} → {self.to_status}"


def status_fields(
    status: type[models.TextChoices], *, initial_row: bool = True
) -> tuple[models.CharField, models.CharField]:
    """`from_status, to_status = status_fields(TripStatus)` in a history model: the two status
    fields with that status's choices. `initial_row=False` where the history has no first row
    from "" (a trip starts as a draft, unrecorded)."""
    return (
        models.CharField(max_length=20, choices=status.choices, blank=initial_row),
        models.CharField(max_length=20, choices=status.choices),
    )


class Invitation(models.Model):
    """An emailed invitation to join something (an employer's team, an organisation's
    organisers). Nobody joins by being invited: the invitee opens the one-time link, logs in
    or signs up with the invited address and accepts. No account is created or looked up
    when inviting.

    Each kind subclasses this with a foreign key to what it invites to and a unique
    constraint allowing one open invitation per address there. Only a SHA-256 of the link's
    token is stored, and only once the email task has made the token (`token_hash` is empty
    until then), so the token exists nowhere but in the email. `core.invitations` holds the
    rules that all kinds share.
    """

    email = models.EmailField(_("email"))
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=settings.LANGUAGES,
        default="sv",
        help_text=_("Of the email, unless the address has an account with its own language"),
    )
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_open(self) -> bool:
        """Neither accepted nor withdrawn (it may still have expired)."""
        return self.accepted_at is None and self.revoked_at is None


class CachedDocument(models.Model):
    """A PDF built off the request by a background task and cached by a fingerprint of
    everything in it (`version`): a different current fingerprint means the document is
    stale and is rebuilt (core.documents). The file of the last build stays until a newer
    one replaces it, so a reader can be given it, with its `built_at`, while a rebuild runs.
    Subclasses add what the document is of (trip, reader, kind, …)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    # Each reader gets the PDF in the language they read the site in.
    language = models.CharField(max_length=5, choices=settings.LANGUAGES, default="sv")
    version = models.CharField(max_length=64, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    pdf = models.FileField(upload_to="private/documents/", blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    built_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_current(self) -> bool:
        """The stored file is of the current fingerprint (nothing newer is being built)."""
        return self.state == self.State.READY and bool(self.pdf)


class Erasure(models.Model):
    """The record that a person's data was erased (GDPR art. 17): who asked, how, why and
    when — never who the person was. `user` points at the anonymised account row."""

    class Via(models.TextChoices):
        WEB = "web", _("Web, by the person")
        API = "api", _("API, by the person")
        ORGANISER = "organiser", _("By an organiser on the person's behalf")
        RETENTION = "retention", _("Automatic retention")

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="erasures"
    )
    via = models.CharField(max_length=12, choices=Via.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"erasure {self.pk} ({self.via})"


class UserSession(models.Model):
    """A signed-in session of a person, for their list of sessions (/account/sessions/):
    recorded by `core.middleware.SessionActivityMiddleware` (last seen at most once a minute),
    removed with the session by `core.user_sessions`. The address is kept coarse (IPv4 /24,
    IPv6 /48) and the browser's name short: enough to recognise a device, no more."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="user_sessions")
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)
    ip = models.CharField(_("network"), max_length=50, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.user} ({self.browser})"

    @property
    def browser(self) -> str:
        """ "Firefox on Linux": enough to recognise a device (the order matters: Chrome's
        string names Safari too, Edge's names Chrome)."""
        agent = self.user_agent
        name = next((label for token, label in _BROWSERS if token in agent), agent[:40] or "?")
        system = next((label for token, label in _SYSTEMS if token in agent), "")
        return f"{name} · {system}" if system else name


_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)
