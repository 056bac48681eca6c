"""Forms of the insights pages: the trip's cost and the funder report's choices."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Organisation


class TripCostForm(forms.Form):
    amount_kr = forms.DecimalField(
        label=_("What the trip cost (kr)"),
        min_value=Decimal(0),
        max_value=Decimal(10**10),
        decimal_places=2,
        help_text=_("Travel, accommodation, activities: everything the organisers paid."),
    )
    note = forms.CharField(label=_("What it covers"), max_length=300, required=False)

    @property
    def amount_ore(self) -> int:
        return int(self.cleaned_data["amount_kr"] * 100)


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FunderReportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=None
    )
    period_from = forms.DateField(label=pgettext_lazy("insights", "From"), widget=DATE)
    period_to = forms.DateField(
        label=_("To"), widget=DATE, help_text=_("Trips that start within the period count.")
    )
    format = forms.ChoiceField(
        label=pgettext_lazy("insights", "File"),
        choices=[("csv", pgettext_lazy("insights", "CSV")), ("xlsx", _("Excel (XLSX)"))],
        widget=forms.RadioSelect,
        initial="xlsx",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self):
        data = super().clean()
        start, end = data.get("period_from"), data.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", _("The end of the period is before its start."))
        if start and start > timezone.localdate():
            self.add_error("period_from", _("The period starts in the future."))
        return data
