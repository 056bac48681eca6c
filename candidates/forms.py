from datetime import date

from django import forms
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import AccountForm
from events.models import Sector
from events.selectors import sector_names

from .consents import (
    INTEREST_CONSENT_TEXT,
    RESIDENCE_PERMIT_CONSENT_TEXT,
    SHARE_CONTACT_CONSENT_TEXT,
    SHARE_HOUSEHOLD_CONSENT_TEXT,
    SHARE_TRIP_CONSENT_TEXT,
    TALENT_DB_CONSENT_TEXT,
)
from .models import Application, ApplicationStatus, ConsentPurpose, Gender, ResidencePermit
from .selectors import SORTS


def _sectors_field(label):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one sector.")},
    )


def _sector_choices():
    """The sector filter's choices: all sectors, or one by its name in the active language."""
    return [("", _("All sectors")), *sector_names(english=translation.get_language() == "en")]


class CandidateSignUpForm(AccountForm):
    sectors = _sectors_field(_("Sectors you work in"))
    consent_talent_db = forms.BooleanField(
        label=_("Yes, add me to the talent database"),
        required=False,
        help_text=TALENT_DB_CONSENT_TEXT,
    )


class InterestForm(forms.Form):
    """Register interest without an account (double opt-in)."""

    email = forms.EmailField(
        label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    sectors = _sectors_field(_("Sectors you work in"))
    name = forms.CharField(
        label=_("Your name (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    city = forms.CharField(label=_("Where you live now (optional)"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_("Yes, add me to the talent database"),
        help_text=INTEREST_CONSENT_TEXT,
        error_messages={
            "required": _("Please accept the consent to be added to the talent database.")
        },
    )


class CommaSeparatedField(forms.CharField):
    """Words separated by commas, as a list of trimmed, non-empty strings."""

    def to_python(self, value) -> list[str]:
        text = super().to_python(value)
        return [part.strip() for part in text.split(",") if part.strip()]

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value


class AgesField(CommaSeparatedField):
    """Children's ages as whole numbers separated by commas."""

    def to_python(self, value) -> list[int]:
        ages = []
        for part in super().to_python(value):
            if not part.isdigit():
                raise forms.ValidationError(
                    _("Write the ages as whole numbers separated by commas, for example: 4, 9."),
                    code="not_a_number",
                )
            ages.append(int(part))
        return ages

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(age) for age in value)
        return value


CONSENT_FIELDS = (
    "consent_talent_db",
    "consent_share_household",
    "consent_share_contact",
    "consent_residence_permit",
)
# Form field → the candidate's timestamp field recording that consent.
CONSENT_RECORDS = {
    "consent_talent_db": "consent_talent_db_at",
    "consent_share_household": "consent_share_household_at",
    "consent_share_contact": "consent_share_contact_at",
    "consent_residence_permit": "residence_permit_consent_at",
}


STATISTICS_HELP = _(
    "Optional. Used only for anonymous statistics (counts for funders); never shown to employers."
)


class CandidateProfileForm(forms.Form):
    """Every field of a candidate's profile. A cleared consent checkbox withdraws it."""

    name = forms.CharField(label=_("Name"), max_length=200)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    city = forms.CharField(label=_("Current city"), max_length=100, required=False)
    country = forms.CharField(label=_("Country"), max_length=100, required=False)
    headline = forms.CharField(label=_("Headline / current role"), max_length=200, required=False)
    sectors = _sectors_field(_("Sectors you work in"))
    years_experience = forms.IntegerField(
        label=_("Years of experience"), min_value=0, max_value=70, initial=0
    )
    skills = CommaSeparatedField(
        label=_("Skills"), required=False, help_text=_("Separate with commas.")
    )
    languages = CommaSeparatedField(
        label=_("Languages"),
        required=False,
        help_text=_("Separate with commas, for example: Swedish, English."),
    )
    earliest_move_date = forms.DateField(
        label=_("Earliest move date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    partner_needs_job = forms.BooleanField(label=_("My partner needs a job too"), required=False)
    partner_occupation = forms.CharField(
        label=_("Partner's occupation"), max_length=200, required=False
    )
    children_ages = AgesField(
        label=_("Children's ages"),
        required=False,
        help_text=_("For school and preschool. Separate with commas, for example: 4, 9."),
    )
    consent_talent_db = forms.BooleanField(
        label=_("Keep me in the talent database"),
        required=False,
        help_text=TALENT_DB_CONSENT_TEXT,
    )
    consent_share_household = forms.BooleanField(
        label=_("Share my household's needs"),
        required=False,
        help_text=SHARE_HOUSEHOLD_CONSENT_TEXT,
    )
    consent_share_contact = forms.BooleanField(
        label=_("Share my email address and phone number"),
        required=False,
        help_text=SHARE_CONTACT_CONSENT_TEXT,
    )
    consent_residence_permit = forms.BooleanField(
        label=_("Store my residence permit status"),
        required=False,
        help_text=RESIDENCE_PERMIT_CONSENT_TEXT,
    )
    residence_permit_status = forms.ChoiceField(
        label=_("Residence permit status"),
        choices=[("", "—"), *ResidencePermit.choices],
        required=False,
        help_text=_("Stored only with the consent above."),
    )
    gender = forms.ChoiceField(
        label=pgettext_lazy("insights", "Gender"),
        choices=[("", _("I'd rather not say")), *Gender.choices],
        required=False,
        help_text=STATISTICS_HELP,
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        min_value=1900,
        help_text=STATISTICS_HELP,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    born_abroad = forms.TypedChoiceField(
        label=_("Born outside Sweden"),
        choices=[("", _("I'd rather not say")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        help_text=STATISTICS_HELP,
    )
    cv = forms.FileField(
        label=_("Upload a new CV (PDF, at most 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    remove_cv = forms.BooleanField(label=_("Remove my CV"), required=False)

    HOUSEHOLD_FIELDS = ("partner_needs_job", "partner_occupation", "children_ages")
    STATISTICS_FIELDS = ("gender", "birth_year", "born_abroad")
    ABOUT_FIELDS = (
        "name",
        "phone",
        "city",
        "country",
        "headline",
        "sectors",
        "years_experience",
        "skills",
        "languages",
        "earliest_move_date",
    )

    @classmethod
    def initial_for(cls, candidate) -> dict:
        initial = {name: getattr(candidate, name) for name in cls.ABOUT_FIELDS if name != "sectors"}
        initial |= {name: getattr(candidate, name) for name in cls.HOUSEHOLD_FIELDS}
        initial["sectors"] = list(candidate.sectors.all())
        initial |= {
            field: getattr(candidate, record) is not None
            for field, record in CONSENT_RECORDS.items()
        }
        initial["residence_permit_status"] = candidate.residence_permit_status
        initial["gender"] = candidate.gender
        initial["birth_year"] = candidate.birth_year
        initial["born_abroad"] = {True: "yes", False: "no"}.get(candidate.born_abroad, "")
        return initial

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and year > this_year:
            raise forms.ValidationError(
                _("Give a year between 1900 and %(year)d."), params={"year": this_year}
            )
        return year

    def profile_changes(self) -> dict:
        """The keyword arguments for candidates.services.candidate_profile_update."""
        data = self.cleaned_data
        changes = {name: data[name] for name in (*self.ABOUT_FIELDS, *self.HOUSEHOLD_FIELDS)}
        changes |= {name: data[name] for name in CONSENT_FIELDS}
        changes["residence_permit_status"] = data["residence_permit_status"]
        changes |= {name: data[name] for name in self.STATISTICS_FIELDS}
        changes["cv"] = data["cv"] or None
        changes["remove_cv"] = data["remove_cv"]
        return changes

    def fields_named(self, names):
        return [self[name] for name in names]

    def about_fields(self):
        return self.fields_named(self.ABOUT_FIELDS)

    def household_fields(self):
        return self.fields_named(self.HOUSEHOLD_FIELDS)

    def statistics_fields(self):
        return self.fields_named(self.STATISTICS_FIELDS)

    def consent_fields(self):
        return self.fields_named(CONSENT_FIELDS[:3])


class ShareConsentForm(forms.Form):
    """The candidate's choice, per trip, to share their profile with its employers."""

    granted = forms.TypedChoiceField(
        choices=[("yes", _("Share")), ("no", _("Stop sharing"))],
        coerce=lambda value: value == "yes",
    )
    help_text = SHARE_TRIP_CONSENT_TEXT


class ConsentOnBehalfForm(forms.Form):
    """An organiser records a consent given or withdrawn by phone or on paper."""

    purpose = forms.ChoiceField(label=_("Consent"), choices=ConsentPurpose.choices)
    granted = forms.TypedChoiceField(
        label=_("The person"),
        choices=[("yes", _("gave the consent")), ("no", _("withdrew the consent"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class ApplicationForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why do you want to come on this trip?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )
    travelling_from = forms.CharField(
        label=_("Travelling from"),
        max_length=200,
        help_text=_("The town you would travel from, for planning the journey."),
    )
    dietary_needs = forms.CharField(label=_("Dietary needs"), max_length=300, required=False)
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), max_length=300, required=False
    )


class TripFilterForm(forms.Form):
    """Filters of the public trip list; invalid values are ignored, not fatal."""

    sector = forms.ChoiceField(label=_("Sector"), required=False)
    month = forms.RegexField(
        label=_("Month"),
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        required=False,
        widget=forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        error_messages={"invalid": _("Give the month as YYYY-MM.")},
    )
    open_only = forms.BooleanField(label=_("Open for applications only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        month = None
        if data["month"]:
            year, number = data["month"].split("-")
            month = date(int(year), int(number), 1)
        return {"sector": data["sector"] or None, "month": month, "open_only": data["open_only"]}


SORT_LABELS = {
    "applied": _("Applied (oldest first)"),
    "-applied": _("Applied (newest first)"),
    "-experience": _("Experience (most first)"),
    "experience": _("Experience (least first)"),
    "name": _("Name"),
    "city": _("City"),
    "status": _("Status"),
}


class ApplicantFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *ApplicationStatus.choices],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    min_experience = forms.IntegerField(
        label=_("At least years of experience"), required=False, min_value=0, max_value=70
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, SORT_LABELS[key]) for key in SORT_LABELS if key in SORTS],
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("As sorted")), ("fit", _("Best fit with the trip first"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = _sector_choices()

    def filters(self) -> dict:
        """Keyword arguments for selectors.applications_for_trip (empty when invalid)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"] or None,
            "sector": data["sector"] or None,
            "min_experience": data["min_experience"],
            "city": data["city"].strip() or None,
            "sort": data["sort"] or "applied",
            "order": data["order"] or None,
        }


BULK_ACTIONS = {
    ApplicationStatus.SHORTLISTED: _("Shortlist"),
    ApplicationStatus.ACCEPTED: _("Accept"),
    ApplicationStatus.WAITLISTED: _("Waitlist"),
    ApplicationStatus.DECLINED: _("Decline"),
}


# Once the trip has started, the decisions are made: what is left is who came.
AFTER_TRIP_BULK_ACTIONS = {
    ApplicationStatus.ATTENDED: _("Mark as attended"),
    ApplicationStatus.NO_SHOW: _("Mark as no-show"),
}

# The organisers' button for moving one application into each status.
STATUS_BUTTONS = {
    **BULK_ACTIONS,
    ApplicationStatus.WITHDRAWN: _("Mark as withdrawn"),
    **AFTER_TRIP_BULK_ACTIONS,
}


def bulk_actions_for(trip, *, now) -> dict:
    """The bulk actions that make sense for the trip now: decisions before it starts,
    attendance from its start."""
    return AFTER_TRIP_BULK_ACTIONS if trip.starts_at <= now else BULK_ACTIONS


class BulkActionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Action"), choices=list(BULK_ACTIONS.items()))
    applications = forms.ModelMultipleChoiceField(
        queryset=None,
        error_messages={"required": _("Choose at least one applicant.")},
    )

    def __init__(self, *args, applications, actions=BULK_ACTIONS, **kwargs):
        """`applications`: the queryset the chosen ones must come from (one trip's);
        `actions`: the statuses offered (`bulk_actions_for`)."""
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["to_status"].choices = list(actions.items())


class PracticalInfoForm(forms.ModelForm):
    """The practical information an organiser enters for a participant (issue 12.2)."""

    class Meta:
        model = Application
        fields = ["travel", "accommodation", "room_sharing"]


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add an internal note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Only organisers see notes; candidates and employers never do."),
    )


class SuggestionInviteForm(forms.Form):
    """The people ticked on the suggestions page: "c<id>" for a candidate profile, "r<id>"
    for an interest registration."""

    people = forms.MultipleChoiceField(label=_("People to invite"))

    def __init__(self, *args, keys: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(key, key) for key in keys]
        self.fields["people"].error_messages = {
            "required": _("Choose at least one person to invite."),
            "invalid_choice": _(
                "Someone you chose can no longer be invited (they may have applied meanwhile). "
                "Nobody was invited; please choose again."
            ),
        }

    def ids(self) -> tuple[list[int], list[int]]:
        """(candidate ids, registration ids) of the people chosen."""
        people = self.cleaned_data["people"]
        return (
            [int(key[1:]) for key in people if key.startswith("c")],
            [int(key[1:]) for key in people if key.startswith("r")],
        )


class TalentSearchForm(forms.Form):
    """The talent database search's GET form: every field optional."""

    sector = forms.ModelChoiceField(
        label=_("Sector"),
        required=False,
        queryset=Sector.objects.all(),
        to_field_name="code",
        empty_label=_("All sectors"),
    )
    region = forms.CharField(label=_("City"), required=False, max_length=100)
    q = forms.CharField(
        label=_("Words"),
        required=False,
        max_length=200,
        help_text=_("In the headline or the skills, in Swedish or English."),
    )
