from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccountForm
from events.models import Organisation, Sector

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
