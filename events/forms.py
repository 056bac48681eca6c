from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import validate_calendar_datetime

from .models import Trip
from .services import TRIP_EDITABLE_FIELDS

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
        label=_("Price of one employer slot (SEK)"),
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
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "starts_at": LocalDateTimeInput,
            "ends_at": LocalDateTimeInput,
            "application_deadline": LocalDateTimeInput,
            "booking_refund_cutoff": LocalDateTimeInput,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {
            "international_applicants": _("International applicants welcome"),
        }
        field_classes = {
            name: CalendarDateTimeField
            for name in ("starts_at", "ends_at", "application_deadline", "booking_refund_cutoff")
        }

    field_order = [*Meta.fields[:-1], "slot_price_sek", "international_applicants"]

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
            self.fields["organisation"].empty_label = None
        if self.instance.pk:
            self.initial.setdefault("slot_price_sek", Decimal(self.instance.slot_price_ore) / 100)

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
