from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccountForm
from events.models import Organisation, Sector

from .models import EmploymentType
from .validators import normalize_org_number


class EmployerSignUpForm(AccountForm):
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        help_text=_("Ten digits, e.g. 556036-0793."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    organisation = forms.ModelChoiceField(
        label=_("Register with"),
        queryset=Organisation.objects.all(),
        empty_label=_("Choose an organiser"),
        help_text=_("The organiser whose trips you want to join; they approve your account."),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors you recruit in"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )

    def clean_org_number(self) -> str:
        # Raises a ValidationError with a message for a wrong format or check digit.
        return normalize_org_number(self.cleaned_data["org_number"])


# --- Employer dashboard ---------------------------------------------------------------------


class EmployerProfileForm(forms.Form):
    name = forms.CharField(label=_("Company name"), max_length=200)
    description = forms.CharField(
        label=_("About the company"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you do, where you are, what it is like to work with you."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors you recruit in"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )


class HiringNeedForm(forms.Form):
    role_title = forms.CharField(label=_("Role"), max_length=200)
    sector = forms.ModelChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), empty_label=_("Choose a sector")
    )
    positions = forms.IntegerField(label=_("Number of positions"), min_value=1, max_value=999)
    employment_type = forms.ChoiceField(label=_("Employment type"), choices=EmploymentType.choices)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def for_need(cls, need, data=None):
        initial = {
            "role_title": need.role_title,
            "sector": need.sector_id,
            "positions": need.positions,
            "employment_type": need.employment_type,
            "description": need.description,
        }
        return cls(data, initial=initial)


class MarkRefundDoneForm(forms.Form):
    reference = forms.CharField(label=_("Refund reference"), max_length=255, required=False)


class MarkPaidForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=200, required=False)


class JobFilterForm(forms.Form):
    """The public job list's filter; an unknown sector is ignored, not fatal."""

    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", _("All sectors"))] + [
            (s.code, s.name) for s in Sector.objects.all()
        ]

    def sector_code(self) -> str | None:
        return (self.cleaned_data["sector"] or None) if self.is_valid() else None


class BookingConfirmForm(forms.Form):
    """What an invoice booking's invoice should say about the employer (both optional)."""

    po_reference = forms.CharField(
        label=_("Purchase order reference"),
        max_length=100,
        required=False,
        help_text=_("Your order or reference number, if your accounts need one on the invoice."),
    )
    invoice_address = forms.CharField(
        label=_("Invoice address"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Department, street, postcode and town."),
    )

    def clean_invoice_address(self) -> str:
        lines = self.cleaned_data["invoice_address"].splitlines()
        return "\n".join(line.strip() for line in lines if line.strip())


class TeamOnSiteForm(forms.Form):
    """Who of the employer comes on the trip, with phone numbers (SlotBooking.team_on_site)."""

    team_on_site = forms.CharField(
        label=_("Team on site"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Who from your organisation comes on the trip, with phone numbers."),
    )
