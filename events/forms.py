from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.validators import validate_calendar_datetime, validate_phone

from .models import Organisation, RetentionPolicy, Trip
from .services import (
    BILLING_FIELDS,
    ORGANISATION_EDITABLE_FIELDS,
    RETENTION_LIMITS,
    TRIP_EDITABLE_FIELDS,
)
from .validators import (
    normalize_bankgiro,
    normalize_bic,
    normalize_iban,
    normalize_org_number,
    normalize_plusgiro,
    normalize_vat_number,
)

_LOCAL_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; values are local (Europe/Stockholm) time."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=_LOCAL_DATETIME_FORMAT)


class CalendarDateTimeField(forms.DateTimeField):
    """A date and time within core.validators.CALENDAR_YEARS: one near the edges of Python's
    calendar would overflow when converted, so it is a form error, not a 500."""

    default_validators = [validate_calendar_datetime]


class TripForm(forms.ModelForm):
    """A trip's details for the back office. Status is not here: it moves by transitions.

    Pass `organisations` (the user's) to offer the organisation choice (creating);
    leave it out when editing, as a trip never changes organisation.
    """

    # The same bounds as the API's TripIn.
    candidate_capacity = forms.IntegerField(
        label=_("Candidate places"), min_value=1, max_value=10_000
    )
    employer_slots = forms.IntegerField(label=_("Employer slots"), min_value=0, max_value=1_000)
    slot_price_sek = forms.DecimalField(
        label=_("Price of one employer slot (SEK, incl. VAT)"),
        min_value=Decimal(0),
        max_value=Decimal(1_000_000),
        max_digits=10,
        decimal_places=2,
    )

    class Meta:
        model = Trip
        fields = [
            "organisation",
            "title",
            "summary",
            "description",
            "sectors",
            "starts_at",
            "ends_at",
            "application_deadline",
            "booking_refund_cutoff",
            "base_locations",
            "candidate_capacity",
            "employer_slots",
            "international_applicants",
            "contact_phone",
            "emergency_contact",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "starts_at": LocalDateTimeInput,
            "ends_at": LocalDateTimeInput,
            "application_deadline": LocalDateTimeInput,
            "booking_refund_cutoff": LocalDateTimeInput,
            "description": forms.Textarea(attrs={"rows": 6}),
            "contact_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        }
        labels = {
            "international_applicants": _("International applicants welcome"),
        }
        help_texts = {
            "contact_phone": _(
                "The number participants and employers call on the day; printed in their "
                "itineraries. Not shown on the public trip page."
            ),
        }
        field_classes = {
            name: CalendarDateTimeField
            for name in ("starts_at", "ends_at", "application_deadline", "booking_refund_cutoff")
        }

    field_order = [
        *Meta.fields[: Meta.fields.index("international_applicants")],
        "slot_price_sek",
        "international_applicants",
        "contact_phone",
        "emergency_contact",
    ]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = None
        if self.instance.pk:
            self.initial.setdefault("slot_price_sek", Decimal(self.instance.slot_price_ore) / 100)

    def clean_contact_phone(self) -> str:
        phone = self.cleaned_data["contact_phone"]
        if phone:
            validate_phone(phone)
        return phone

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        deadline = cleaned.get("application_deadline")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The trip must end after it starts."))
        if starts_at and deadline and deadline > starts_at:
            self.add_error(
                "application_deadline",
                _("The application deadline must be before the trip starts."),
            )
        return cleaned

    def trip_fields(self) -> dict:
        """The cleaned values as keyword arguments for trip_create / trip_update."""
        data = {
            name: self.cleaned_data[name] for name in TRIP_EDITABLE_FIELDS if name in self.fields
        }
        data["slot_price_ore"] = int(self.cleaned_data["slot_price_sek"] * 100)
        return data


class OrganisationForm(forms.ModelForm):
    """An organisation's details, edited by its organisers in the back office."""

    class Meta:
        model = Organisation
        fields = list(ORGANISATION_EDITABLE_FIELDS)
        # Billing details have their own form and page (OrganisationBillingForm).
        widgets = {"contact_email": forms.EmailInput(attrs={"autocomplete": "email"})}
        help_texts = {
            "contact_email": _("Shown to candidates and employers who want to reach you."),
        }

    def organisation_fields(self) -> dict:
        """The cleaned values as keyword arguments for organisation_update."""
        return {name: self.cleaned_data[name] for name in ORGANISATION_EDITABLE_FIELDS}


class OrganisationCreateForm(forms.Form):
    """A new organisation and the address of its first organiser (superusers only)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name for links"),
        max_length=80,
        help_text=_("Lower-case letters, digits and hyphens, e.g. ostersunds-kommun."),
    )
    contact_email = forms.EmailField(label=_("Contact email"), max_length=254, required=False)
    first_organiser_email = forms.EmailField(
        label=_("First organiser's email"),
        max_length=254,
        help_text=_("We email them an invitation; they become an organiser once they accept."),
    )

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if slug == "new":  # /manage/organisations/new/ is the page that creates one
            raise forms.ValidationError(_("Choose another short name."), code="reserved")
        return slug

    def clean_first_organiser_email(self) -> str:
        return self.cleaned_data["first_organiser_email"].strip().lower()


class OrganisationBillingForm(forms.ModelForm):
    """The billing details printed on invoices. Each number is checked and written in its
    usual form (556036-0793, 5050-1055, SE45 5000 …); saving with some missing is allowed."""

    # Typed as people write them (spaces, hyphens, the 16 prefix), hence longer than stored.
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_("Ten digits, e.g. 212000-2742."),
    )
    bankgiro = forms.CharField(label=_("Bankgiro"), max_length=20, required=False)
    plusgiro = forms.CharField(label=_("Plusgiro"), max_length=20, required=False)
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=50,
        required=False,
        help_text=_("For payments from abroad; add the BIC below."),
    )
    bic = forms.CharField(label=_("BIC"), max_length=20, required=False)
    vat_number = forms.CharField(
        label=_("VAT number"),
        max_length=20,
        required=False,
        help_text=_("SE, the organisation number and 01. Required when you charge VAT."),
    )

    class Meta:
        model = Organisation
        fields = list(BILLING_FIELDS)
        widgets = {"billing_address": forms.Textarea(attrs={"rows": 3})}

    def _normalized(self, name, normalize):
        value = self.cleaned_data[name].strip()
        return normalize(value) if value else ""

    def clean_billing_address(self) -> str:
        lines = self.cleaned_data["billing_address"].splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())

    def clean_org_number(self) -> str:
        return self._normalized("org_number", normalize_org_number)

    def clean_bankgiro(self) -> str:
        return self._normalized("bankgiro", normalize_bankgiro)

    def clean_plusgiro(self) -> str:
        return self._normalized("plusgiro", normalize_plusgiro)

    def clean_iban(self) -> str:
        return self._normalized("iban", normalize_iban)

    def clean_bic(self) -> str:
        return self._normalized("bic", normalize_bic)

    def clean_vat_number(self) -> str:
        return self._normalized("vat_number", normalize_vat_number)

    def clean(self):
        cleaned = super().clean()
        org_number, vat_number = cleaned.get("org_number"), cleaned.get("vat_number")
        if org_number and vat_number and vat_number[2:12] != org_number.replace("-", ""):
            self.add_error(
                "vat_number",
                _("The VAT number does not contain the organisation number %(n)s.")
                % {"n": org_number},
            )
        return cleaned


class RetentionPolicyForm(forms.ModelForm):
    """An organisation's retention periods, each a whole number within RETENTION_LIMITS."""

    class Meta:
        model = RetentionPolicy
        fields = list(RETENTION_LIMITS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in RETENTION_LIMITS.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.widget.attrs.update({"min": low, "max": high})
            field.validators = [MinValueValidator(low), MaxValueValidator(high)]
            field.help_text = _("Between %(low)s and %(high)s.") % {"low": low, "high": high}


class AccessibilityReportForm(forms.Form):
    """The accessibility statement's "report a problem" form."""

    organisation = forms.ModelChoiceField(
        label=_("To"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("The organisation that runs the trip or page concerned."),
    )
    page = forms.CharField(
        label=_("Page or document"),
        max_length=500,
        help_text=_("The address of the page, or the name of the PDF."),
    )
    description = forms.CharField(
        label=_("What did not work?"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you tried to do, and what happened. At most 3,000 characters."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("If you would like an answer. It is used only for that."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
