"""Forms shared by the apps: email login, password reset, the account part of every sign-up,
invitations, domain errors."""

import hashlib

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError
from .images import validate_logo
from .models import User
from .tasks import email_password_reset, enqueue_on_commit


class EmailAuthenticationForm(AuthenticationForm):
    """Log in with email and password; the email is matched case-insensitively."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Wrong email or password. Note that the password is case-sensitive."),
    }
    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's password-reset form, except that the web process neither looks the address up
    nor sends anything: `save` enqueues core.tasks.email_password_reset with the address,
    known or not, so the answer does not reveal (not even by its timing) whether an account
    exists. The task calls `send_reset_links`."""

    def save(self, **kwargs) -> None:
        enqueue_on_commit(
            email_password_reset, email=self.cleaned_data["email"], language=get_language()
        )

    def send_reset_links(self, *, domain: str, use_https: bool) -> None:
        super().save(domain_override=domain, use_https=use_https)

    def get_users(self, email):
        """Every active account, also one without a usable password (made in the admin
        without one, or left by the old team invitations): choosing a password by email is
        how such an account is claimed. We have no external logins for Django's rule (no
        reset without a usable password) to protect."""
        return User.objects.filter(email__iexact=email.strip(), is_active=True)


class AccountForm(forms.Form):
    """Email, name and password twice: the login part of a sign-up form."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    full_name = forms.CharField(
        label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this email address already exists. Log in instead."),
                code="duplicate_email",
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2:
            if password1 != password2:
                self.add_error("password2", _("The two passwords differ."))
            else:
                user = User(email=cleaned.get("email", ""), full_name=cleaned.get("full_name", ""))
                try:
                    password_validation.validate_password(password1, user)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned


class InvitedAccountForm(AccountForm):
    """Sign-up on an invitation's page: the address is the invited one and cannot be changed
    (the link was sent to it)."""

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].disabled = True
        self.fields["email"].initial = email
        self.fields["email"].help_text = _("The address the invitation was sent to.")


class InvitationForm(forms.Form):
    """The address to invite (to an employer's team, to an organisation's organisers)."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class LogoForm(forms.Form):
    """A logo upload (an employer's, an organisation's), checked by `validate_logo`."""

    logo = forms.FileField(
        label=_("Logo"),
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        error_messages={
            "required": _("Choose an image file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def clean_logo(self):
        logo = self.cleaned_data["logo"]
        validate_logo(logo)
        return logo


def form_data(request, *, files: bool = False) -> tuple:
    """A form's data (and files) on POST, so that even an empty POST shows its errors:
    `SomeForm(*form_data(request))`."""
    if request.method != "POST":
        return (None, None) if files else (None,)
    return (request.POST, request.FILES) if files else (request.POST,)


def add_domain_error(form: forms.BaseForm, error: ApplicationError) -> None:
    """Show a service's domain error on the form: on the fields it names, else on top.

    The summary message is shown on top as well unless it repeats a field's message.
    """
    fields: dict[str, list[str]] = error.extra.get("fields", {})
    field_messages = set()
    for name, messages in fields.items():
        for message in messages:
            field_messages.add(str(message))
            form.add_error(name if name in form.fields else None, message)
    if str(error.message) not in field_messages:
        form.add_error(None, error.message)


def rendering_version(form: forms.Form) -> str:
    """A fingerprint of all a form's rendering shows — the data it is bound to and every
    field's choices (sectors come from the database) — for a template fragment cache of the
    form, with the language beside it in the key."""
    data = form.data.urlencode() if form.is_bound and hasattr(form.data, "urlencode") else ""
    choices = [
        (name, [(value, str(label)) for value, label in field.choices])
        for name, field in form.fields.items()
        if hasattr(field, "choices")
    ]
    return hashlib.sha256(repr((form.is_bound, data, choices)).encode()).hexdigest()[:16]
