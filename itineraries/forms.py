"""Forms for the programme (back office) and for meeting wishes. They check shape only; the
services check the rules (inside the trip's dates, end after start, an employer for "One
employer"; who may be wished for)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from candidates.models import Application
from employers.models import Employer
from events.forms import CalendarDateTimeField, LocalDateTimeInput
from events.models import Trip

from .meeting_selectors import pair_tier, pair_tier_label
from .meetings import Wish
from .models import (
    Audience,
    ItemKind,
    ItineraryItem,
    MeetingLevel,
    MeetingPreference,
    PreferenceSide,
)
from .services import ITEM_FIELDS

NO_WISH = ""


def wish_field(label) -> forms.ChoiceField:
    """One meeting wish: must meet, would like to meet, not interested, or none."""
    return forms.ChoiceField(
        label=label,
        choices=[(NO_WISH, _("(no wish)")), *MeetingLevel.choices],
        required=False,
    )


def wish_level(value: str) -> str | None:
    """The form's choice as the service takes it: None clears the wish."""
    return value or None


def coordinate_field(label, bound: int, help_text) -> forms.DecimalField:
    """Latitude (bound 90) or longitude (180): the database constraint's range, as a form error."""
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=6,
        min_value=-bound,
        max_value=bound,
        required=False,
        help_text=help_text,
    )


class ItemForm(forms.Form):
    """One programme item. Times are typed in local (Europe/Stockholm) time.

    `employers` are the choices for the audience "One employer" (those booked on the trip).
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices)
    starts_at = CalendarDateTimeField(label=_("Starts"), widget=LocalDateTimeInput)
    ends_at = CalendarDateTimeField(label=_("Ends"), widget=LocalDateTimeInput)
    audience = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, initial=Audience.EVERYONE
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=None,
        required=False,
        help_text=_("Only for the audience “One employer”: employers with a booking on this trip."),
    )
    location_name = forms.CharField(label=_("Place"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    latitude = coordinate_field(
        _("Latitude"), 90, _("For a map link, e.g. 63.179 for Östersund. Give both or neither.")
    )
    longitude = coordinate_field(_("Longitude"), 180, _("E.g. 14.636 for Östersund."))
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["employer"].empty_label = _("— none —")

    @staticmethod
    def initial_for_item(item: ItineraryItem) -> dict:
        return {name: getattr(item, name) for name in ITEM_FIELDS}

    @staticmethod
    def initial_for_trip(trip: Trip) -> dict:
        """A new item starts when the trip starts and lasts an hour."""
        return {"starts_at": trip.starts_at, "ends_at": trip.starts_at + timedelta(hours=1)}

    def item_fields(self) -> dict:
        """Every field, as keyword arguments for itinerary_item_create."""
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS}

    def changed_item_fields(self) -> dict:
        """Only what the organiser changed, for itinerary_item_update (each edit is news)."""
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS if name in self.changed_data}


class SourceTripField(forms.ModelChoiceField):
    def label_from_instance(self, trip: Trip) -> str:
        count = ngettext("%(count)d item", "%(count)d items", trip.item_count) % {
            "count": trip.item_count
        }
        start = date_format(timezone.localtime(trip.starts_at), "j M Y")
        return f"{trip.title} ({start}, {count})"


class ProgrammeCopyForm(forms.Form):
    source = SourceTripField(label=_("Copy the programme of"), queryset=None, empty_label=None)

    def __init__(self, *args, trips, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = trips


class TripCopyForm(forms.Form):
    """A whole trip's copy (`services.trip_copy`): its new start, and a title if not the same."""

    prefix = "copy"  # shown on the trip's edit page beside the trip's own form

    starts_at = forms.DateTimeField(
        label=_("The copy starts"),
        widget=LocalDateTimeInput,
        help_text=_("Every other date and the programme move by as many days."),
    )
    title = forms.CharField(
        label=_("Title of the copy"),
        min_length=3,
        max_length=200,
        required=False,
        help_text=_("Empty: the same title."),
    )


class CandidateWishesForm(forms.Form):
    """A candidate's wish about each employer of the trip: one choice per employer."""

    def __init__(
        self,
        *args,
        employers: list[Employer],
        wishes: dict[int, MeetingPreference],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.employers = employers
        self.wishes = wishes
        for employer in employers:
            field = wish_field(employer.name)
            current = wishes.get(employer.pk)
            field.initial = current.level if current is not None else NO_WISH
            self.fields[f"employer_{employer.pk}"] = field

    def rows(self):
        """(employer, its choice, the stored wish or None) in the employers' order."""
        for employer in self.employers:
            yield employer, self[f"employer_{employer.pk}"], self.wishes.get(employer.pk)

    def wishes_for(self, application_id: int) -> list[Wish]:
        return [
            Wish(
                application_id,
                employer.pk,
                wish_level(self.cleaned_data[f"employer_{employer.pk}"]),
                side=PreferenceSide.CANDIDATE,
            )
            for employer in self.employers
        ]


SHORT_LEVELS = {
    MeetingLevel.MUST: _("must"),
    MeetingLevel.WANT: _("want"),
    MeetingLevel.NO: _("no"),
}


class WishMatrixForm(forms.Form):
    """Organisers: both sides' wishes for each pair of candidates (rows) × employers (columns),
    two choices per cell: the employer's (`e_<application>_<employer>`) and the candidate's
    (`c_…`)."""

    SIDES = (("e", PreferenceSide.EMPLOYER), ("c", PreferenceSide.CANDIDATE))

    def __init__(
        self,
        *args,
        applications: list[Application],
        employers: list[Employer],
        preferences: dict[tuple[int, int], dict[str, MeetingPreference]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.applications = applications
        self.employers = employers
        self.preferences = preferences
        for application in applications:
            for employer in employers:
                sides = preferences.get((application.pk, employer.pk), {})
                for prefix, side in self.SIDES:
                    label = (
                        _("%(employer)s's wish about %(candidate)s")
                        if side == PreferenceSide.EMPLOYER
                        else _("%(candidate)s's wish about %(employer)s")
                    ) % {"employer": employer.name, "candidate": application.candidate.name}
                    field = wish_field(label)
                    current = sides.get(side)
                    field.initial = current.level if current is not None else NO_WISH
                    self.fields[self._name(prefix, application, employer)] = field

    @staticmethod
    def _name(prefix: str, application: Application, employer: Employer) -> str:
        return f"{prefix}_{application.pk}_{employer.pk}"

    def rows(self):
        """Per candidate, the cells in the employers' order: both choices, the stored wishes
        (whose `by_organiser` the page shows), their short names and the pair's tier."""
        for application in self.applications:
            cells = []
            for employer in self.employers:
                sides = self.preferences.get((application.pk, employer.pk), {})
                e = sides.get(PreferenceSide.EMPLOYER)
                c = sides.get(PreferenceSide.CANDIDATE)
                e_level, c_level = (e.level if e else None), (c.level if c else None)
                cells.append(
                    {
                        "employer": employer,
                        "employer_field": self[self._name("e", application, employer)],
                        "candidate_field": self[self._name("c", application, employer)],
                        "employer_wish": e,
                        "candidate_wish": c,
                        "employer_short": SHORT_LEVELS.get(e_level, "–"),  # type: ignore[call-overload]
                        "candidate_short": SHORT_LEVELS.get(c_level, "–"),  # type: ignore[call-overload]
                        "tier": pair_tier(e_level, c_level),
                        "tier_label": pair_tier_label(e_level, c_level),
                    }
                )
            yield application, cells

    def wishes(self) -> list[Wish]:
        """The wishes the organiser changed on the page (compared with what it showed), so
        a wish someone else changed meanwhile is overwritten only if the organiser chose to."""
        changed = set(self.changed_data)
        return [
            Wish(application.pk, employer.pk, wish_level(self.cleaned_data[name]), side=side)
            for application in self.applications
            for employer in self.employers
            for prefix, side in self.SIDES
            if (name := self._name(prefix, application, employer)) in changed
        ]
