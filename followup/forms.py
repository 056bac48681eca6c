"""Forms of the follow-up pages: the caseload's filters, a case, its stage, a contact."""

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import User
from events.models import Organisation

from .models import (
    CaseSource,
    CaseStage,
    ClosedReason,
    ContactChannel,
    HousingNeed,
)
from .selectors import ASSIGNEE_ME, ASSIGNEE_NOBODY
from .services import CONTACT_CHANNELS_BY_HAND


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.email


class CaseFilterForm(forms.Form):
    """The caseload's filters (GET): a search, stage, assignee, source and trip."""

    q = forms.CharField(label=_("Search name or email"), required=False, max_length=200)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    assignee = forms.ChoiceField(label=_("Coordinator"), required=False)
    source = forms.ChoiceField(label=_("How they got in touch"), required=False)
    trip = forms.TypedChoiceField(label=_("Trip"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, coordinators, trips, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        self.fields["stage"].choices = everyone + list(CaseStage.choices)
        self.fields["assignee"].choices = (
            everyone
            + [(ASSIGNEE_ME, _("Me")), (ASSIGNEE_NOBODY, _("Nobody"))]
            + [(str(u.pk), u.get_full_name() or u.email) for u in coordinators]
        )
        self.fields["source"].choices = everyone + list(CaseSource.choices)
        self.fields["trip"].choices = everyone + [(t.pk, t.title) for t in trips]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "stage": data.get("stage") or "",
            "assignee": data.get("assignee") or "",
            "source": data.get("source") or "",
            "trip": data.get("trip"),
        }


_CHILD_LINE = re.compile(r"^\s*(\d{1,2})\s*(?:[,:;-]\s*)?([^\d\s].*)?$")


def children_parse(text: str) -> list[dict[str, Any]]:
    """Children typed one per line, "4 preschool", "9 school" or just "17"."""
    words = {
        "preschool": "preschool",
        str(_("preschool")).lower(): "preschool",
        "school": "school",
        str(_("school")).lower(): "school",
    }
    children = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        match = _CHILD_LINE.match(line)
        need_word = (match.group(2) or "").strip().lower() if match else ""
        if match is None or (need_word and need_word not in words):
            raise forms.ValidationError(
                _("“%(line)s”: write the age, then preschool or school if they need a place."),
                params={"line": line.strip()},
            )
        children.append({"age": int(match.group(1)), "need": words.get(need_word, "")})
    return children


def children_text(children: list[dict[str, Any]]) -> str:
    labels = {"preschool": _("preschool"), "school": _("school")}
    return "\n".join(
        f"{child.get('age')} {labels.get(child.get('need', ''), '')}".strip()
        for child in children or []
    )


class CaseForm(forms.Form):
    """A case's person and household (new and edit; the edit carries the version)."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    city = forms.CharField(label=_("Lives in"), required=False, max_length=100)
    source = forms.ChoiceField(label=_("How they got in touch"))
    source_note = forms.CharField(
        label=_("About the first contact"),
        required=False,
        max_length=300,
        help_text=_("For example which fair, or who passed on the number."),
    )
    assignee = UserChoiceField(label=_("Coordinator"), required=False, queryset=User.objects.none())
    partner_name = forms.CharField(label=_("Partner's name"), required=False, max_length=200)
    partner_occupation = forms.CharField(
        label=_("Partner's occupation"), required=False, max_length=200
    )
    partner_looking_for_work = forms.BooleanField(
        label=_("The partner is looking for work"), required=False
    )
    children = forms.CharField(
        label=_("Children"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One child per line: the age, then preschool or school if they need a place, "
            "for example “4 preschool”."
        ),
    )
    housing_need = forms.ChoiceField(
        label=_("Housing need"), required=False, choices=HousingNeed.choices
    )
    housing_from = forms.DateField(
        label=_("Housing needed from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    housing_where = forms.CharField(label=_("Housing where"), required=False, max_length=200)
    notes = forms.CharField(
        label=_("Internal notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, organisations, coordinators, from_trip: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
            self.fields["organisation"].widget = forms.HiddenInput()
        self.fields["assignee"].queryset = coordinators
        sources = [c for c in CaseSource.choices if c[0] != CaseSource.TRIP]
        if from_trip:
            sources = [c for c in CaseSource.choices if c[0] == CaseSource.TRIP]
        self.fields["source"].choices = [("", "—")] + sources

    def clean_children(self) -> list[dict[str, Any]]:
        return children_parse(self.cleaned_data.get("children", ""))

    def case_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data.pop("version", None)
        return data


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("New stage"), choices=CaseStage.choices)
    closed_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        required=False,
        choices=[("", "—")] + list(ClosedReason.choices),
        help_text=_("Only when closing the case."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ContactForm(forms.Form):
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=[
            (c, label) for c, label in ContactChannel.choices if c in CONTACT_CHANNELS_BY_HAND
        ],
    )
    note = forms.CharField(
        label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
