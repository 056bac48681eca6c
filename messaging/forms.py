"""The organiser's compose form. Shape only; `services.trip_message_draft_save` checks the
rules again, so the API or a crafted POST cannot skip them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.models import ApplicationStatus

from .models import MessageAudience


class TripMessageForm(forms.Form):
    audience = forms.ChoiceField(
        label=_("To"),
        choices=MessageAudience.choices,
        initial=MessageAudience.APPLICANTS,
        widget=forms.RadioSelect,
    )
    statuses = forms.MultipleChoiceField(
        label=_("Applicants with status"),
        choices=ApplicationStatus.choices,
        required=False,
        initial=[ApplicationStatus.ACCEPTED],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For messages to applicants."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Sent as you write it; the greeting and the link to the trip around it are "
            "in each recipient's language."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        if audience in (MessageAudience.APPLICANTS, MessageAudience.BOTH) and not cleaned.get(
            "statuses"
        ):
            self.add_error(
                "statuses", _("Choose the statuses of the applicants who should get it.")
            )
        return cleaned
