"""Forms of the outcome and feedback pages (issue 13.4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OfferAnswer, OutcomeResult

RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class OutcomeForm(forms.Form):
    """One row of the employer's outcomes: the candidate, the result, the start date."""

    application_id = forms.IntegerField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", _("Not recorded"))] + OutcomeResult.choices
    )
    start_date = forms.DateField(
        label=_("Starts work on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EmployerFeedbackForm(forms.Form):
    trip_rating = forms.TypedChoiceField(
        label=_("How was the trip? (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    candidates_rating = forms.TypedChoiceField(
        label=_("How well did the candidates fit your needs? (1–5)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else?"), required=False, max_length=3000, widget=forms.Textarea
    )


class CandidateFeedbackForm(forms.Form):
    """The trip, one optional rating per employer met (`employer_<id>`), words, an offer."""

    trip_rating = forms.TypedChoiceField(
        label=_("How was the trip? (1 = poor, 5 = excellent)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    got_offer = forms.ChoiceField(
        label=_("Did you get a job offer?"), choices=OfferAnswer.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything else you would like to tell us?"),
        required=False,
        max_length=3000,
        widget=forms.Textarea,
    )

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.employers = list(employers)
        for employer in self.employers:
            self.fields[f"employer_{employer.pk}"] = forms.TypedChoiceField(
                label=_("Your meeting with %(employer)s (1–5)") % {"employer": employer.name},
                choices=RATING_CHOICES,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )

    def employer_ratings(self) -> dict[int, int]:
        ratings = {}
        for employer in self.employers:
            value = self.cleaned_data.get(f"employer_{employer.pk}")
            if value is not None:
                ratings[employer.pk] = value
        return ratings

    def employer_fields(self):
        return [self[f"employer_{e.pk}"] for e in self.employers]
