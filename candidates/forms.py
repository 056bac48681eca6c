from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AccountForm
from events.models import Sector

# The wording candidates agree to. Stored consents record models.CONSENT_TEXT_VERSION:
# change that version whenever this text changes.
TALENT_DB_CONSENT_TEXT = _(
    "Keep my profile in the Jämtland Calling talent database, so that the organisers can "
    "contact me about future trips and jobs in Jämtland that match my sectors. I can withdraw "
    "this consent at any time and my profile is then no longer used for this purpose."
)


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
