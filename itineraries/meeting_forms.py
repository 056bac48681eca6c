"""Forms of the meeting pages (the organisers' grid in the back office, the employers' booking
grid). They check shape only; the services in meetings.py check the rules and answer with
the reason when a slot, a table or a candidate is busy."""

from datetime import datetime

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from employers.models import SlotBooking

from .meetings import MAX_TABLES
from .models import Attendance, MeetingSettings


class MeetingSettingsForm(forms.Form):
    """Meeting length, break and self-booking, and one number of tables per employer with a
    confirmed booking (fields `tables_<employer id>`)."""

    meeting_minutes = forms.IntegerField(
        label=_("Meeting length (minutes)"), help_text=_("Between 5 and 240.")
    )
    break_minutes = forms.IntegerField(
        label=_("Break between meetings (minutes)"), help_text=_("Between 0 and 120.")
    )
    self_booking = forms.BooleanField(
        label=_("Employers book meetings themselves"),
        required=False,
        help_text=_(
            "Employers with a confirmed booking may book free slots with candidates in their "
            "meeting grid, and cancel their meetings."
        ),
    )

    def __init__(self, *args, settings: MeetingSettings, bookings: list[SlotBooking], **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "meeting_minutes": settings.meeting_minutes,
                "break_minutes": settings.break_minutes,
                "self_booking": settings.self_booking,
                **{f"tables_{b.employer_id}": b.meeting_tables for b in bookings},
            },
        )
        super().__init__(*args, **kwargs)
        self.bookings = bookings
        for booking in bookings:
            self.fields[f"tables_{booking.employer_id}"] = forms.IntegerField(
                label=_("Tables of %(employer)s") % {"employer": booking.employer.name},
                min_value=1,
                max_value=MAX_TABLES,
            )

    def tables(self) -> dict[int, int]:
        return {b.employer_id: self.cleaned_data[f"tables_{b.employer_id}"] for b in self.bookings}


class TargetField(forms.CharField):
    """A slot and a table as one value, "<ISO start>|<table>" (a grid cell, a move's
    choice): cleaned to (start, table)."""

    default_error_messages = {"invalid": _("Choose a slot from the grid.")}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        moment, _sep, table = value.rpartition("|")
        try:
            starts_at = parse_datetime(moment)
            number = int(table)
        except ValueError:
            starts_at = None
        if starts_at is None or starts_at.tzinfo is None or not 1 <= number <= MAX_TABLES:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return starts_at, number


class MeetingMoveForm(forms.Form):
    target = TargetField(label=_("Move to"))

    def place(self) -> tuple[datetime, int]:
        return self.cleaned_data["target"]


class MeetingAddForm(forms.Form):
    """A meeting in a free cell: the cell (slot and table), the candidate and, for
    organisers, the employer of the cell's column."""

    target = TargetField(widget=forms.HiddenInput)
    application = forms.IntegerField(label=_("Candidate"), widget=forms.Select)
    employer = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def place(self) -> tuple[datetime, int]:
        return self.cleaned_data["target"]


class MeetingLockForm(forms.Form):
    locked = forms.TypedChoiceField(
        choices=[("1", _("Lock")), ("0", _("Unlock"))], coerce=lambda v: v == "1"
    )


class MeetingAttendanceForm(forms.Form):
    attendance = forms.ChoiceField(
        label=_("Attendance"), choices=Attendance.choices, required=False
    )
