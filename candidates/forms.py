from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccountForm
from events.models import Sector

from .consents import TALENT_DB_CONSENT_TEXT


class CandidateSignUpForm(AccountForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors you work in"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )
    consent_talent_db = forms.BooleanField(
        label=_("Yes, add me to the talent database"),
        required=False,
        help_text=TALENT_DB_CONSENT_TEXT,
    )
